package dev.wvo.fs;

import java.nio.file.Path;
import java.util.Arrays;

/** Child JVM for {@link AtomicWriteProcessTest}: rewrites one file forever with two alternating versions. */
public final class AtomicRewriteLoop {

    static final int SIZE_A = 3 * 1024 * 1024;
    static final int SIZE_B = 2 * 1024 * 1024 + 17;

    private AtomicRewriteLoop() {
    }

    static byte[] version(boolean a) {
        byte[] content = new byte[a ? SIZE_A : SIZE_B];
        Arrays.fill(content, (byte) (a ? 'a' : 'b'));
        content[content.length - 1] = '\n';
        return content;
    }

    public static void main(String[] args) throws java.io.IOException {
        Path target = Path.of(args[0]);
        byte[] a = version(true);
        byte[] b = version(false);
        for (long i = 0; ; i++) {
            AtomicWrite.writeKeepingBackup(target, i % 2 == 0 ? a : b);
            System.out.println(i);
            System.out.flush();
        }
    }
}

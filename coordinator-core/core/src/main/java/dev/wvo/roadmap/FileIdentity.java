package dev.wvo.roadmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * What proves that a roadmap file is still the version a process read or wrote: the fencing token
 * of the last accepted write, and the file's inode, size and modification time. A wvo write
 * replaces the file (a new inode) and moves the token; an editor or {@code git checkout} changes
 * the inode, the size or the modification time (kept in nanoseconds where the file system has them).
 *
 * @param token    the largest fencing token a write was accepted with
 * @param fileKey  the file's identity on its file system (device and inode on Unix), or null where there is none
 * @param size     its size in bytes
 * @param modified its modification time
 */
record FileIdentity(long token, Object fileKey, long size, FileTime modified) {

    /** The identity of {@code file} now, with the accepted {@code token}. */
    static FileIdentity of(Path file, long token) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileIdentity(token, attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
    }

    /** True when {@code other} is provably the same file: without a file key (no inode) nothing is proved. */
    boolean provesSame(FileIdentity other) {
        return other != null && fileKey != null && equals(other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileIdentity f && token == f.token && size == f.size && Objects.equals(fileKey, f.fileKey)
                && Objects.equals(modified, f.modified);
    }

    @Override
    public int hashCode() {
        return Objects.hash(token, fileKey, size, modified);
    }
}

package dev.wvo.lock;

/**
 * The lock store failed in a way the caller cannot fix by waiting: the lock directory cannot be
 * created or written, the file system refuses a step of the protocol. The message names the path.
 */
public class LockException extends RuntimeException {

    public LockException(String message, Throwable cause) {
        super(message, cause);
    }

    public LockException(String message) {
        super(message);
    }

    /**
     * An I/O failure as a person reads it: the file and the system's reason ({@code No space left
     * on device}), not a Java class name.
     */
    static String describe(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return missing.getFile() + ": no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.DirectoryNotEmptyException full) {
            return full.getFile() + ": a directory with files in it";
        }
        if (e instanceof java.nio.file.NotDirectoryException notDirectory) {
            return notDirectory.getFile() + ": not a directory";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException exists) {
            return exists.getFile() + ": already exists";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

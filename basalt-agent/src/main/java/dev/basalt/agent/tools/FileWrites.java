package dev.basalt.agent.tools;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Writes a file whole or not at all: a temporary sibling, then a rename, so a crash never leaves half a file. */
final class FileWrites {

    private FileWrites() {
    }

    static void atomically(Path target, String content, Charset charset) throws IOException {
        Path file = throughLinks(target).toAbsolutePath();
        Path parent = file.getParent();
        Files.createDirectories(parent);
        Path temp = newSibling(file, content.getBytes(charset));
        try {
            if (Files.exists(file)) {
                try {
                    Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the default permissions stand
                }
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The file a write lands in: a symbolic link's target, so the link stays a link. A link to
     * nothing is refused, as the workspace check could not tell where it leads.
     */
    private static Path throughLinks(Path target) throws IOException {
        if (!Files.isSymbolicLink(target)) {
            return target;
        }
        try {
            return target.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IOException("it is a symbolic link to " + Files.readSymbolicLink(target) + ", which does not exist");
        }
    }

    /**
     * A new file beside {@code file} holding {@code bytes}, created the ordinary way so the umask
     * sets its mode (createTempFile would make it 0600).
     */
    private static Path newSibling(Path file, byte[] bytes) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String unique = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            Path temp = file.resolveSibling("." + file.getFileName() + "." + unique + ".tmp");
            try {
                return Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            } catch (IOException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
        }
    }
}

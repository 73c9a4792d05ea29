package dev.basalt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Where Basalt keeps its data: BASALT_HOME, else ~/.basalt. */
final class BasaltHome {

    private BasaltHome() {
    }

    static Path dir() {
        String home = System.getenv("BASALT_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".basalt");
    }

    static Path conversations() {
        return dir().resolve("conversations");
    }

    /**
     * The interactive session's line history, created readable by the owner only (JLine would create it
     * with the umask's 0644): what the user typed is as private as the conversations.
     */
    static Path history() {
        Path history = dir().resolve("history");
        try {
            if (Files.notExists(history)) {
                Files.createDirectories(dir());
                Files.createFile(history);
            }
            Files.setPosixFilePermissions(history, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // JLine creates it as before, and the session goes on
        }
        return history;
    }
}

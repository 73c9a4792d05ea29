package dev.basalt.cli;

import java.nio.file.Path;

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
}

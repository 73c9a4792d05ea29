package dev.basalt.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where tools may work without asking: the working directory and any directories added to it. A
 * value passed to every tool, never read from globals, so tools are tested in a temporary directory.
 * Paths are compared as real paths, so {@code ..} and symbolic links cannot leave the workspace.
 */
public record Workspace(Path root, List<Path> extraDirs) {

    public Workspace {
        root = real(root);
        List<Path> reals = new ArrayList<>();
        for (Path dir : extraDirs) {
            reals.add(real(dir));
        }
        extraDirs = List.copyOf(reals);
    }

    public static Workspace of(Path root) {
        return new Workspace(root, List.of());
    }

    /** A path the model gave, resolved against the root (relative) or taken as is (absolute). */
    public Path resolve(String path) {
        if (path == null || path.isBlank()) {
            return root;
        }
        Path given = Path.of(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path);
        return (given.isAbsolute() ? given : root.resolve(given)).normalize();
    }

    /** True when the real location of {@code path} is inside the root or an added directory. */
    public boolean contains(Path path) {
        Path real = realOfNearestExisting(path);
        if (real.startsWith(root)) {
            return true;
        }
        for (Path dir : extraDirs) {
            if (real.startsWith(dir)) {
                return true;
            }
        }
        return false;
    }

    /** A path shown to the user: relative to the root when inside it. */
    public String display(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        return normal.startsWith(root) && !normal.equals(root) ? root.relativize(normal).toString() : normal.toString();
    }

    /**
     * The real path of {@code path}, or for one that does not exist yet (a file about to be
     * written), the real path of its nearest existing parent with the rest appended.
     */
    static Path realOfNearestExisting(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        List<Path> missing = new ArrayList<>();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        Path real = real(existing);
        for (Path part : missing) {
            real = real.resolve(part);
        }
        return real;
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}

package dev.basalt.agent.tools;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The files under a directory, in a stable order, without .git and what .gitignore excludes. */
final class FileWalk {

    private FileWalk() {
    }

    /** Files under {@code start} whose path relative to it matches {@code glob} (all when null), at most {@code max}. */
    static List<Path> files(Path start, String glob, int max) throws IOException {
        Pattern matcher = glob == null || glob.isBlank() ? null : Pattern.compile(GitIgnore.globToRegex(glob));
        GitIgnore ignore = new GitIgnore();
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(start) && ignore.ignored(dir, true)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                ignore.load(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !ignore.ignored(file, false)) {
                    String relative = start.relativize(file).toString().replace('\\', '/');
                    if (matcher == null || matcher.matcher(relative).matches()) {
                        found.add(file);
                    }
                }
                return found.size() >= max ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }
}

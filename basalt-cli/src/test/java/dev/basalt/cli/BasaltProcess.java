package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built jar as a user would, in a clean environment: no AWS variables from the developer's
 * shell and a throw-away HOME, so ~/.aws never leaks into a test.
 */
final class BasaltProcess {

    record Result(int exitCode, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.isEmpty() ? List.of() : List.of(stderr.split("\\R"));
        }
    }

    private final Path home;
    private final Map<String, String> env;
    private Path directory;

    BasaltProcess(Path home) {
        this.home = home;
        this.env = new java.util.HashMap<>();
    }

    BasaltProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs in {@code dir} (the workspace the agent's tools see); default the test's own directory. */
    BasaltProcess directory(Path dir) {
        this.directory = dir;
        return this;
    }

    static Path jar() {
        String jar = System.getProperty("basalt.jar");
        assertThat(jar).as("the basalt.jar system property (set by failsafe)").isNotNull();
        Path path = Path.of(jar);
        assertThat(path).exists();
        return path;
    }

    Result run(String... args) {
        return runWithStdin(null, args);
    }

    Result runWithStdin(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toString());
        Collections.addAll(command, args);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("BASALT_"));
        environment.put("HOME", home.toString());
        environment.put("AWS_CONFIG_FILE", home.resolve("aws-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("aws-credentials").toString());
        // The default chain would otherwise ask the EC2 metadata service, which is off this machine.
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.putAll(env);
        try {
            Files.createDirectories(home);
            Process process = builder.start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("basalt " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}

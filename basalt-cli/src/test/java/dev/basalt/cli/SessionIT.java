package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.ModelReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive session in a pseudo-terminal, and what survives a killed process. */
class SessionIT {

    static final String KEY_ID = "AKIDSESSION";
    static final String SECRET = "session-secret";

    @TempDir
    Path home;

    @TempDir
    Path work;

    Emulator emulator;
    final CountDownLatch slowCallArrived = new CountDownLatch(1);
    final CountDownLatch releaseSlowCall = new CountDownLatch(1);

    @BeforeEach
    void start() {
        EchoModel echo = new EchoModel();
        // "slow please" holds its answer until the test releases it: a call in progress, on demand.
        emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET).model(request -> {
            if ("slow please".equals(request.lastUserText())) {
                slowCallArrived.countDown();
                try {
                    releaseSlowCall.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ModelReply reply = echo.reply(request);
            return reply;
        }).start();
    }

    @AfterEach
    void stop() {
        releaseSlowCall.countDown();
        emulator.close();
    }

    Map<String, String> env() {
        return Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET,
                "BASALT_HOME", home.resolve("data").toString());
    }

    @Test
    void interactiveSessionAnswersCancelsWithCtrlCAndLeavesWithCtrlD() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        try (PseudoTerminal tty = new PseudoTerminal(home, env(), work, "chat", "--endpoint-url", emulator.endpoint().toString())) {
            int at = tty.await("› ", 0, Duration.ofSeconds(30));

            tty.type("hello there\r");
            at = tty.await("hello there", at + "hello there".length(), Duration.ofSeconds(30));
            at = tty.await("› ", at, Duration.ofSeconds(10));

            tty.type("slow please\r");
            assertThat(slowCallArrived.await(30, TimeUnit.SECONDS)).isTrue();
            tty.type("\u0003");
            at = tty.await("(cancelled)", at, Duration.ofSeconds(10));
            at = tty.await("› ", at, Duration.ofSeconds(10));

            tty.type("/compact\r");
            at = tty.await("(conversation compacted to a summary)", at, Duration.ofSeconds(20));
            at = tty.await("› ", at, Duration.ofSeconds(10));

            tty.type("/cost\r");
            at = tty.await("tokens this session:", at, Duration.ofSeconds(10));
            at = tty.await("› ", at, Duration.ofSeconds(10));

            tty.type("/export json\r");
            at = tty.await("\"messages\" : [", at, Duration.ofSeconds(10));
            at = tty.await("› ", at, Duration.ofSeconds(10));
            tty.type("/export xml\r");
            at = tty.await("/export takes md (the default) or json, not xml", at, Duration.ofSeconds(10));
            at = tty.await("› ", at, Duration.ofSeconds(10));
            Thread.sleep(200); // the prompt is drawn just before the line reader starts reading

            tty.type("\u0004");
            assertThat(tty.waitForExit(Duration.ofSeconds(10))).as(tty.screen()).isTrue();
            assertThat(tty.exitCode()).isZero();
        }
        assertThat(Files.readString(home.resolve("data/history"))).contains("hello there");
        // what the user typed is as private as the conversations
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("data/history"))))
                .isEqualTo("rw-------");
    }

    @Test
    void killMinus9MidCallLeavesAValidTranscriptThatResumes() throws Exception {
        Path conversations = home.resolve("data/conversations");
        Process chat = startJar("chat", "--endpoint-url", emulator.endpoint().toString(), "slow please");
        assertThat(slowCallArrived.await(30, TimeUnit.SECONDS)).isTrue();

        chat.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
        assertThat(chat.waitFor(10, TimeUnit.SECONDS)).isTrue();
        releaseSlowCall.countDown();

        Path file;
        try (Stream<Path> files = Files.list(conversations)) {
            file = files.findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(file);
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            json.readTree(line); // every line is whole JSON
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("\"role\":\"user\"").contains("slow please");

        BasaltProcess.Result resumed = new BasaltProcess(home).env("AWS_ACCESS_KEY_ID", KEY_ID)
                .env("AWS_SECRET_ACCESS_KEY", SECRET).env("BASALT_HOME", home.resolve("data").toString())
                .run("chat", "--endpoint-url", emulator.endpoint().toString(), "--continue", " and again");

        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        assertThat(resumed.stdout()).isEqualTo("slow please and again\n");
        assertThat(Files.readAllLines(file)).hasSize(4);
    }

    private Process startJar(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", BasaltProcess.jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("BASALT_"));
        builder.environment().put("HOME", home.toString());
        builder.environment().putAll(env());
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }
}

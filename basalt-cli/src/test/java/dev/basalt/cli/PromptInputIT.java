package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.Emulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the user types at the interactive prompt reaches the model exactly, and Tab still completes. */
class PromptInputIT {

    static final String KEY_ID = "AKIDPROMPT";
    static final String SECRET = "prompt-secret";

    @TempDir
    Path home;

    @TempDir
    Path work;

    @Test
    void textGoesAsTypedWithBackslashesBangsAndBothWaysOfContinuingOnANewLine() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        List<String> asked = new CopyOnWriteArrayList<>();
        EchoModel echo = new EchoModel();
        try (Emulator emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET).model(request -> {
            asked.add(request.lastUserText());
            return echo.reply(request);
        }).start();
             PseudoTerminal tty = new PseudoTerminal(home, env(), work, "chat", "--endpoint-url", emulator.endpoint().toString())) {
            int at = tty.await("› ", 0, Duration.ofSeconds(30));

            at = ask(tty, "regex \\d+ in C:\\temp\\new", "C:\\temp\\new", at);
            at = ask(tty, "Wow!! it works", "it works", at);
            tty.type("first line \\\r");
            at = tty.await("… ", at, Duration.ofSeconds(10));
            at = ask(tty, "second line", "second line", at);
            at = ask(tty, "top\u001b\rbottom", "bottom", at);   // Alt-Enter
            tty.type("/help\r");
            at = tty.await("Alt-Enter", at, Duration.ofSeconds(10));
            tty.await("› ", at, Duration.ofSeconds(10));

            assertThat(asked).containsExactly("regex \\d+ in C:\\temp\\new", "Wow!! it works", "first line \nsecond line",
                    "top\nbottom");
        }
    }

    @Test
    void tabCompletesSlashCommandsModelAliasesAndSavedConversationIds() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        try (Emulator emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET).model(new EchoModel()).start();
             PseudoTerminal tty = new PseudoTerminal(home, env(), work, "chat", "--endpoint-url", emulator.endpoint().toString())) {
            int at = tty.await("› ", 0, Duration.ofSeconds(30));
            at = ask(tty, "remember me", "remember me", at);
            String id;
            try (Stream<Path> files = Files.list(home.resolve("data/conversations"))) {
                id = files.findFirst().orElseThrow().getFileName().toString().substring(0, 8);
            }

            tty.type("/mod\t");
            at = tty.await("/model ", at, Duration.ofSeconds(10));
            tty.type("hai\t");
            at = tty.await("haiku", at, Duration.ofSeconds(10));
            tty.type("\r");
            at = tty.await("model: ", at, Duration.ofSeconds(10));
            at = tty.await("claude-haiku-4-5", at, Duration.ofSeconds(10));
            at = prompt(tty, at);

            tty.type("/load " + id.substring(0, 4) + "\t");
            at = tty.await(id, at, Duration.ofSeconds(10));
            tty.type("\r");
            at = tty.await("continuing " + id + " (remember me)", at, Duration.ofSeconds(10));
            prompt(tty, at);
        }
    }

    private Map<String, String> env() {
        return Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET,
                "BASALT_HOME", home.resolve("data").toString(), "NO_COLOR", "1");
    }

    /** Types a message and waits for the echo of its last line in the answer, then for the next prompt. */
    private static int ask(PseudoTerminal tty, String typed, String lastLine, int at) throws Exception {
        tty.type(typed + "\r");
        at = tty.await(lastLine, tty.await(lastLine, at, Duration.ofSeconds(10)), Duration.ofSeconds(30));
        return prompt(tty, at);
    }

    private static int prompt(PseudoTerminal tty, int at) throws Exception {
        at = tty.await("› ", at, Duration.ofSeconds(10));
        Thread.sleep(200); // the prompt is drawn just before the line reader starts reading
        return at;
    }
}

package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.agent.Agent;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.Fault;
import dev.basalt.emulator.FaultRule;
import dev.basalt.emulator.ModelBehaviour;
import dev.basalt.emulator.ModelRequest;
import dev.basalt.emulator.ScriptedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the interactive session, in a pseudo-terminal against the emulator: at a consent
 * question, while a command runs, mid-answer and before any answer; and a process killed at a
 * consent question. Each leaves a conversation the next turn can send, and tells the model what happened.
 */
class CancelledTurnIT {

    static final String KEY_ID = "AKIDCANCEL";
    static final String SECRET = "cancel-secret";

    @TempDir
    Path home;

    @TempDir
    Path work;

    final List<ModelRequest> requests = new CopyOnWriteArrayList<>();

    private Emulator emulator(ModelBehaviour model) {
        return Emulator.builder().port(0).credentials(KEY_ID, SECRET).model(request -> {
            requests.add(request);
            return model.reply(request);
        }).start();
    }

    private ScriptedModel script(String json) throws Exception {
        Path file = home.resolve("script.json");
        Files.writeString(file, json);
        return ScriptedModel.fromFile(file);
    }

    private Map<String, String> env() {
        return Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET,
                "BASALT_HOME", home.resolve("data").toString(), "NO_COLOR", "1");
    }

    @Test
    void ctrlCAtAConsentQuestionRefusesTheCallEndsTheTurnAndTheNextLineIsANewQuestion() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        Files.writeString(work.resolve("notes.txt"), "status: draft\n");
        ScriptedModel model = script("""
                {"turns": [
                  {"reply": [{"toolUse": {"name": "write_file", "input": {"path": "notes.txt", "content": "gone"}}}]},
                  {"reply": [{"text": "Four, and I left your notes alone."}]}
                ]}""");
        try (Emulator emulator = emulator(model);
             PseudoTerminal tty = new PseudoTerminal(home, env(), work, "chat", "--endpoint-url", emulator.endpoint().toString())) {
            int at = prompt(tty, 0);
            tty.type("overwrite my notes\r");
            at = tty.await("Allow?", at, Duration.ofSeconds(30));
            tty.type("\u0003");
            at = tty.await("(cancelled)", at, Duration.ofSeconds(10));
            at = prompt(tty, at);

            tty.type("what is two and two\r");
            tty.await("Four, and I left your notes alone.", at, Duration.ofSeconds(30));

            assertThat(tty.screen()).doesNotContain("Why not?").doesNotContain("unexpected error");
            assertThat(Files.readString(work.resolve("notes.txt"))).isEqualTo("status: draft\n");
            String second = requests.get(1).requestJson();
            assertThat(second).contains("cancelled by the user").contains("\"status\":\"error\"");
            assertThat(requests.get(1).lastUserText()).isEqualTo(Agent.INTERRUPTED + "what is two and two");
        }
        assertEveryLineIsJson();
    }

    @Test
    void ctrlCWhileACommandRunsStopsItAndTheConversationGoesOn() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        ScriptedModel model = script("""
                {"turns": [
                  {"reply": [{"toolUse": {"name": "bash", "input": {"command": "echo started; sleep 60; echo finished"}}}]},
                  {"reply": [{"text": "Stopped, as you asked."}]}
                ]}""");
        try (Emulator emulator = emulator(model);
             PseudoTerminal tty = new PseudoTerminal(home, env(), work, "chat", "--endpoint-url", emulator.endpoint().toString(),
                     "--trust-tools", "bash")) {
            int at = prompt(tty, 0);
            tty.type("run the slow thing\r");
            at = tty.await("sleep 60", at, Duration.ofSeconds(30));
            Thread.sleep(500); // the command is under way
            tty.type("\u0003");
            at = tty.await("(cancelled)", at, Duration.ofSeconds(10));
            at = prompt(tty, at);

            tty.type("are you still there\r");
            tty.await("Stopped, as you asked.", at, Duration.ofSeconds(30));

            assertThat(tty.screen()).doesNotContain("unexpected error");
            assertThat(requests.get(1).requestJson()).contains("cancelled by the user").contains("\"status\":\"error\"")
                    .doesNotContain("exit code 0");
        }
        assertEveryLineIsJson();
    }

    @Test
    void ctrlCMidAnswerKeepsWhatWasSaidAndBeforeAnyAnswerWithdrawsTheQuestion() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        CountDownLatch heldCallArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EchoModel echo = new EchoModel();
        try (Emulator emulator = emulator(request -> {
            if (request.lastUserText().endsWith("hold on")) {
                heldCallArrived.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return echo.reply(request);
        });
             PseudoTerminal tty = new PseudoTerminal(home, env(), work, "chat", "--endpoint-url", emulator.endpoint().toString())) {
            int at = prompt(tty, 0);
            // the answer stalls after its first words
            emulator.faults(List.of(FaultRule.first(1, new Fault.Stall(4, Duration.ofSeconds(60)))));
            String question = "alpha bravo charlie delta echo foxtrot golf hotel india juliet";
            tty.type(question + "\r");
            at = tty.await(question, at, Duration.ofSeconds(10));
            at = tty.await("alpha", at, Duration.ofSeconds(30));
            tty.type("\u0003");
            at = tty.await("(cancelled)", at, Duration.ofSeconds(10));
            at = prompt(tty, at);

            tty.type("hold on\r");
            assertThat(heldCallArrived.await(30, TimeUnit.SECONDS)).isTrue();
            tty.type("\u0003");
            at = tty.await("(cancelled)", at, Duration.ofSeconds(10));
            at = prompt(tty, at);
            release.countDown();

            tty.type("kilo\r");
            tty.await("kilo", tty.await("kilo", at, Duration.ofSeconds(10)), Duration.ofSeconds(30));

            List<ModelRequest.Message> sent = requests.get(requests.size() - 1).messages();
            assertThat(sent).extracting(ModelRequest.Message::role).containsExactly("user", "assistant", "user");
            assertThat(sent.get(0).text()).isEqualTo(question);
            assertThat(sent.get(1).text()).startsWith("alpha").isNotEqualTo(question);
            assertThat(sent.get(2).text()).isEqualTo(Agent.INTERRUPTED + "kilo");
        }
        assertEveryLineIsJson();
    }

    @Test
    void aProcessKilledAtAConsentQuestionLeavesAConversationThatContinues() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        Files.writeString(work.resolve("notes.txt"), "status: draft\n");
        ScriptedModel model = script("""
                {"turns": [
                  {"reply": [{"toolUse": {"name": "write_file", "input": {"path": "notes.txt", "content": "gone"}}}]},
                  {"reply": [{"text": "The write was interrupted; your notes are as they were."}]}
                ]}""");
        try (Emulator emulator = emulator(model)) {
            try (PseudoTerminal tty = new PseudoTerminal(home, env(), work, "chat", "--endpoint-url",
                    emulator.endpoint().toString(), "overwrite my notes")) {
                tty.await("Allow?", 0, Duration.ofSeconds(30));
            } // SIGKILL, at the question

            BasaltProcess.Result resumed = new BasaltProcess(home).env("AWS_ACCESS_KEY_ID", KEY_ID)
                    .env("AWS_SECRET_ACCESS_KEY", SECRET).env("BASALT_HOME", home.resolve("data").toString())
                    .directory(work).run("chat", "--endpoint-url", emulator.endpoint().toString(), "--continue", "what happened?");

            assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
            assertThat(resumed.stdout()).contains("The write was interrupted; your notes are as they were.");
            assertThat(requests.get(1).requestJson()).contains("interrupted: the session ended before this call finished")
                    .contains("\"status\":\"error\"");
            assertThat(Files.readString(work.resolve("notes.txt"))).isEqualTo("status: draft\n");
        }
    }

    private static int prompt(PseudoTerminal tty, int at) throws Exception {
        at = tty.await("› ", at, Duration.ofSeconds(30));
        Thread.sleep(200); // the prompt is drawn just before the line reader starts reading
        return at;
    }

    private void assertEveryLineIsJson() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(home.resolve("data/conversations"))) {
            list.forEach(files::add);
        }
        assertThat(files).hasSize(1);
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(files.get(0))) {
            JsonNode node = json.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
        }
    }
}

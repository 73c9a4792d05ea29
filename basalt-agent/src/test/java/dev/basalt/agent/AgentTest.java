package dev.basalt.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.agent.tools.BuiltinTools;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.Guardrail;
import dev.basalt.core.Message;
import dev.basalt.core.ModelException;
import dev.basalt.core.Role;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.StreamListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {

    @TempDir
    Path root;

    final List<String> asked = new ArrayList<>();

    Agent agent(ScriptedModel model, Approver.Answer answer, ConversationStore.Writer store) {
        Approver approver = (tool, description, why, cancelled) -> {
            asked.add(tool + ": " + description);
            return answer;
        };
        return new Agent(model, new Agent.Settings("m", List.of(), dev.basalt.core.InferenceConfig.DEFAULTS, 5),
                new Conversation(), BuiltinTools.all(), new ApprovalPolicy(Set.of(), false), approver, Workspace.of(root), store);
    }

    static Content.ToolUse use(String id, String name, String json) {
        return new Content.ToolUse(id, name, json);
    }

    @Test
    void aToolLoopNearTheContextLimitIsCompactedBetweenCallsAndGoesOn() throws Exception {
        Files.writeString(root.resolve("notes.txt"), "colour\n");
        // every scripted call reports 15 tokens: 93% of a 16-token window
        ScriptedModel model = new ScriptedModel()
                .then(use("t1", "read_file", "{\"path\":\"notes.txt\"}"))
                .then(new Content.Text("We read notes.txt; it says colour."))
                .then(new Content.Text("It says colour."));
        Agent agent = agent(model, new Approver.Answer.Once(), null);
        agent.contextWindow(() -> 16);
        List<String> displayed = new ArrayList<>();

        Agent.TurnResult result = agent.run("what does notes.txt say?", new AgentListener() {
            @Override
            public void display(String text) {
                displayed.add(text);
            }
        });

        assertThat(displayed).contains("(context 93% full: compacting older turns)");
        ChatRequest compaction = model.requests.get(1);
        assertThat(compaction.messages().get(compaction.messages().size() - 1).text()).isEqualTo(Agent.COMPACT_INSTRUCTION);
        assertThat(model.requests.get(2).messages()).extracting(Message::text).containsExactly(
                "This is a summary of our conversation so far:\n\nWe read notes.txt; it says colour.",
                "Understood. I will continue from this summary.",
                Agent.CONTINUE_AFTER_COMPACTION);
        assertThat(result.lastResponse().text()).isEqualTo("It says colour.");
        assertThat(result.usage().inputTokens()).as("the compaction's call counts too").isEqualTo(30);
        assertThat(result.ending()).isEqualTo(Agent.Ending.END_TURN);
    }

    @Test
    void readsWithoutAskingThenEditsWithConsentAndAnswers() throws Exception {
        Files.writeString(root.resolve("notes.txt"), "colour\n");
        ScriptedModel model = new ScriptedModel()
                .then(new Content.Text("Reading."), use("t1", "read_file", "{\"path\":\"notes.txt\"}"))
                .then(use("t2", "edit_file", "{\"path\":\"notes.txt\",\"old_string\":\"colour\",\"new_string\":\"color\"}"))
                .then(new Content.Text("Fixed the spelling."));
        List<String> displayed = new ArrayList<>();
        Agent agent = agent(model, new Approver.Answer.Once(), null);

        Agent.TurnResult result = agent.run("fix the spelling", new AgentListener() {
            @Override
            public void display(String text) {
                displayed.add(text);
            }
        });

        assertThat(result.ending()).isEqualTo(Agent.Ending.END_TURN);
        assertThat(result.modelCalls()).isEqualTo(3);
        assertThat(result.lastResponse().text()).isEqualTo("Fixed the spelling.");
        assertThat(Files.readString(root.resolve("notes.txt"))).isEqualTo("color\n");
        // the consent question shows the change itself under the one-line description
        assertThat(asked).singleElement().asString().startsWith("edit_file: edit notes.txt\n").contains("-colour").contains("+color");
        assertThat(model.resultsSentIn(1)).singleElement().satisfies(r -> {
            assertThat(r.isError()).isFalse();
            assertThat(((Content.Text) r.content().get(0)).text()).contains("1\tcolour");
        });
        // ... so the edit does not show it a second time
        assertThat(displayed).isEmpty();
        assertThat(model.requests.get(0).tools()).extracting(t -> t.name())
                .contains("read_file", "write_file", "edit_file", "list_files", "grep", "bash", "web_fetch");
    }

    @Test
    void aTrustedEditShowsItsChangeAsItRuns() throws Exception {
        Files.writeString(root.resolve("notes.txt"), "colour\n");
        ScriptedModel model = new ScriptedModel()
                .then(use("t1", "edit_file", "{\"path\":\"notes.txt\",\"old_string\":\"colour\",\"new_string\":\"color\"}"))
                .then(new Content.Text("Fixed."));
        List<String> displayed = new ArrayList<>();
        Agent agent = new Agent(model, new Agent.Settings("m", List.of(), dev.basalt.core.InferenceConfig.DEFAULTS, 5),
                new Conversation(), BuiltinTools.all(), new ApprovalPolicy(Set.of("edit_file"), false),
                (tool, description, why, cancelled) -> {
                    asked.add(tool);
                    return new Approver.Answer.No(null);
                }, Workspace.of(root), null);

        agent.run("fix the spelling", new AgentListener() {
            @Override
            public void display(String text) {
                displayed.add(text);
            }
        });

        assertThat(asked).isEmpty();
        assertThat(Files.readString(root.resolve("notes.txt"))).isEqualTo("color\n");
        assertThat(displayed).singleElement().asString().contains("-colour").contains("+color");
    }

    @Test
    void refusedConsentGoesBackToTheModelWithTheReason() throws Exception {
        ScriptedModel model = new ScriptedModel()
                .then(use("t1", "write_file", "{\"path\":\"a.txt\",\"content\":\"x\"}"))
                .then(new Content.Text("OK, I won't."));

        agent(model, new Approver.Answer.No("not today"), null).run("write a.txt", new AgentListener() { });

        assertThat(Files.exists(root.resolve("a.txt"))).isFalse();
        assertThat(model.resultsSentIn(1)).singleElement().satisfies(r -> {
            assertThat(r.isError()).isTrue();
            assertThat(((Content.Text) r.content().get(0)).text()).isEqualTo("the user refused this call: not today");
        });
    }

    @Test
    void withNoTerminalACallNeedingConsentIsRefused() {
        ScriptedModel model = new ScriptedModel().then(use("t1", "bash", "{\"command\":\"touch made\"}"));
        Agent agent = new Agent(model, Agent.Settings.of("m"), new Conversation(), BuiltinTools.all(),
                new ApprovalPolicy(Set.of(), false), Approver.REFUSE, Workspace.of(root), null);

        agent.run("make a file", new AgentListener() { });

        assertThat(Files.exists(root.resolve("made"))).isFalse();
        assertThat(model.resultsSentIn(1).get(0).isError()).isTrue();
        assertThat(((Content.Text) model.resultsSentIn(1).get(0).content().get(0)).text()).contains("--trust-tools bash");
    }

    @Test
    void withNoTerminalAPathOutsideIsRefusedNamingTheDirectoryToAdd(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "s\n");
        String file = outside.resolve("secret.txt").toString().replace("\\", "\\\\");
        ScriptedModel model = new ScriptedModel()
                .then(use("t1", "read_file", "{\"path\":\"" + file + "\"}"), use("t2", "write_file", "{\"path\":\"" + file + "\",\"content\":\"x\"}"));
        Agent agent = new Agent(model, Agent.Settings.of("m"), new Conversation(), BuiltinTools.all(),
                new ApprovalPolicy(Set.of(), false), Approver.REFUSE, Workspace.of(root), null);

        agent.run("read a file outside", new AgentListener() { });

        List<String> results = model.resultsSentIn(1).stream().map(r -> ((Content.Text) r.content().get(0)).text()).toList();
        assertThat(results.get(0)).endsWith("allow it with --add-dir " + outside.toRealPath()).doesNotContain("--trust-tools");
        assertThat(results.get(1)).endsWith("allow it with --add-dir " + outside.toRealPath() + " --trust-tools write_file");
    }

    @Test
    void alwaysTrustsTheToolForTheRestOfTheSession() throws Exception {
        ScriptedModel model = new ScriptedModel()
                .then(use("t1", "write_file", "{\"path\":\"a.txt\",\"content\":\"1\"}"))
                .then(use("t2", "write_file", "{\"path\":\"b.txt\",\"content\":\"2\"}"))
                .then(new Content.Text("done"));

        agent(model, new Approver.Answer.Always(), null).run("write two files", new AgentListener() { });

        assertThat(asked).hasSize(1);
        assertThat(Files.readString(root.resolve("b.txt"))).isEqualTo("2");
    }

    @Test
    void toolErrorsAndUnknownToolsBecomeErrorResults() {
        ScriptedModel model = new ScriptedModel()
                .then(use("t1", "read_file", "{\"path\":\"missing.txt\"}"), use("t2", "teleport", "{}"),
                        use("t3", "read_file", "{\"offset\":1}"))
                .then(new Content.Text("Sorry."));

        agent(model, new Approver.Answer.Once(), null).run("read", new AgentListener() { });

        List<Content.ToolResult> results = model.resultsSentIn(1);
        assertThat(results).extracting(Content.ToolResult::toolUseId).containsExactly("t1", "t2", "t3");
        assertThat(results).allSatisfy(r -> assertThat(r.isError()).isTrue());
        assertThat(((Content.Text) results.get(0).content().get(0)).text()).contains("no such file");
        assertThat(((Content.Text) results.get(1).content().get(0)).text()).contains("no tool named teleport");
        assertThat(((Content.Text) results.get(2).content().get(0)).text()).contains("'path' is required");
    }

    @Test
    void stopsAtTheIterationCap() {
        ScriptedModel model = new ScriptedModel();
        for (int i = 0; i < 10; i++) {
            model.then(use("t" + i, "list_files", "{}"));
        }

        Agent.TurnResult result = agent(model, new Approver.Answer.Once(), null).run("loop", new AgentListener() { });

        assertThat(result.ending()).isEqualTo(Agent.Ending.ITERATION_CAP);
        assertThat(model.requests).hasSize(5);
    }

    /** $0.02 a call: ScriptedModel reports 10 input and 5 output tokens for every answer. */
    static final dev.basalt.core.Pricing TWO_CENTS_A_CALL = new dev.basalt.core.Pricing(1000, 2000, 0, 0);

    Agent budgeted(ScriptedModel model, double maxUsd) {
        return new Agent(model, new Agent.Settings("m", List.of(), dev.basalt.core.InferenceConfig.DEFAULTS, 25,
                new Agent.Budget(maxUsd, TWO_CENTS_A_CALL)), new Conversation(), BuiltinTools.all(),
                new ApprovalPolicy(Set.of(), false), Approver.REFUSE, Workspace.of(root), null);
    }

    @Test
    void stopsBeforeTheNextModelCallOnceTheTurnHasCostTheBudget() {
        ScriptedModel model = new ScriptedModel();
        for (int i = 0; i < 10; i++) {
            model.then(use("t" + i, "list_files", "{}"));
        }

        Agent.TurnResult result = budgeted(model, 0.05).run("loop", new AgentListener() { });

        // $0.02, $0.04, $0.06: the third call crosses $0.05, and no fourth call is made.
        assertThat(result.ending()).isEqualTo(Agent.Ending.BUDGET);
        assertThat(result.modelCalls()).isEqualTo(3);
        assertThat(model.requests).hasSize(3);
        assertThat(TWO_CENTS_A_CALL.cost(result.usage())).isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-9));
        // The last tool results are kept, so the next turn continues from a valid conversation.
        assertThat(model.resultsSentIn(2)).hasSize(1);
    }

    @Test
    void theBudgetIsPerTurnAndATurnWithinItEndsNormally() {
        ScriptedModel model = new ScriptedModel()
                .then(use("t1", "list_files", "{}"))
                .then(new Content.Text("one"))
                .then(use("t2", "list_files", "{}"))
                .then(new Content.Text("two"));
        Agent agent = budgeted(model, 0.05);

        Agent.TurnResult first = agent.run("first", new AgentListener() { });
        Agent.TurnResult second = agent.run("second", new AgentListener() { });

        assertThat(first.ending()).isEqualTo(Agent.Ending.END_TURN);
        assertThat(second.ending()).isEqualTo(Agent.Ending.END_TURN);
        assertThat(second.lastResponse().text()).isEqualTo("two");
    }

    @Test
    void theFirstCallOfATurnIsAlwaysMadeAndTheModelsPricesFollowASwitch() {
        ScriptedModel model = new ScriptedModel();
        for (int i = 0; i < 10; i++) {
            model.then(use("t" + i, "list_files", "{}"));
        }
        Agent agent = budgeted(model, 0.01);

        assertThat(agent.run("loop", new AgentListener() { }).modelCalls()).isEqualTo(1);

        agent.settings(agent.settings().withModel("cheap", new dev.basalt.core.Pricing(100, 200, 0, 0)));
        Agent.TurnResult cheaper = agent.run("loop", new AgentListener() { });
        // $0.002 a call now: five calls reach $0.01.
        assertThat(cheaper.ending()).isEqualTo(Agent.Ending.BUDGET);
        assertThat(cheaper.modelCalls()).isEqualTo(5);
        assertThat(model.requests.get(1).modelId()).isEqualTo("cheap");
    }

    @Test
    void aBudgetNeedsAPositiveAmountAndPrices() {
        assertThatThrownBy(() -> new Agent.Budget(0, TWO_CENTS_A_CALL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Agent.Budget(Double.NaN, TWO_CENTS_A_CALL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Agent.Budget(1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aNewSystemPromptAppliesFromTheNextCall() {
        ScriptedModel model = new ScriptedModel().then(new Content.Text("a")).then(new Content.Text("b"));
        Agent agent = agent(model, new Approver.Answer.Once(), null);
        agent.run("first", new AgentListener() { });

        agent.settings(agent.settings().withSystem(List.of("Answer in French.")));
        agent.run("second", new AgentListener() { });

        assertThat(model.requests.get(0).system()).isEmpty();
        assertThat(model.requests.get(1).system()).containsExactly("Answer in French.");
        assertThat(model.requests.get(1).messages()).hasSize(3);
    }

    @Test
    void everyFinishedMessageIsOnDiskAndTheConversationReloads() throws Exception {
        ConversationStore store = new ConversationStore(root.resolve("store"));
        ConversationStore.Writer writer = store.create("test", "m", "us-east-1");
        ScriptedModel model = new ScriptedModel()
                .then(use("t1", "list_files", "{}"))
                .then(new Content.Text("There are no files yet."));

        agent(model, new Approver.Answer.Once(), writer).run("what is here?", new AgentListener() { });

        List<Message> saved = store.messages(writer.id());
        assertThat(saved).hasSize(4);
        assertThat(saved.get(0).text()).isEqualTo("what is here?");
        assertThat(saved.get(1).toolUses()).singleElement().extracting(Content.ToolUse::name).isEqualTo("list_files");
        assertThat(saved.get(3).text()).isEqualTo("There are no files yet.");
    }

    @Test
    void aFailedCallKeepsTheQuestionAndTheRetryJoinsIt() {
        ScriptedModel failing = new ScriptedModel() {
            int calls;

            @Override
            public ChatResponse stream(ChatRequest request, StreamListener listener) {
                if (calls++ == 0) {
                    requests.add(request);
                    throw new ModelException(ErrorKind.THROTTLED, "slow down", "wait");
                }
                return super.stream(request, listener);
            }
        };
        Agent agent = agent(failing, new Approver.Answer.Once(), null);

        assertThatThrownBy(() -> agent.run("first try", new AgentListener() { })).isInstanceOf(ModelException.class);
        agent.run("second try", new AgentListener() { });

        ChatRequest retry = failing.requests.get(1);
        assertThat(retry.messages()).hasSize(1);
        assertThat(retry.messages().get(0).text()).isEqualTo("first trysecond try");
    }

    @Test
    void aReadAfterAWriteInTheSameAnswerSeesTheWriteAndResultsKeepTheModelsOrder() throws Exception {
        Files.writeString(root.resolve("x.txt"), "old");
        Files.writeString(root.resolve("a.txt"), "alpha");
        ScriptedModel model = new ScriptedModel()
                .then(use("t1", "write_file", "{\"path\":\"x.txt\",\"content\":\"new\"}"),
                        use("t2", "read_file", "{\"path\":\"x.txt\"}"), use("t3", "read_file", "{\"path\":\"a.txt\"}"))
                .then(new Content.Text("Done."));

        agent(model, new Approver.Answer.Once(), null).run("rewrite x and read both", new AgentListener() { });

        List<Content.ToolResult> results = model.resultsSentIn(1);
        assertThat(results).extracting(Content.ToolResult::toolUseId).containsExactly("t1", "t2", "t3");
        assertThat(((Content.Text) results.get(1).content().get(0)).text()).contains("new").doesNotContain("old");
        assertThat(((Content.Text) results.get(2).content().get(0)).text()).contains("alpha");
    }

    @Test
    void cancellingAtAConsentQuestionRefusesThatCallCancelsTheRestAndEndsTheTurn() throws Exception {
        ConversationStore store = new ConversationStore(root.resolve("store"));
        ConversationStore.Writer writer = store.create("test", "m", "us-east-1");
        ScriptedModel model = new ScriptedModel()
                .then(use("t1", "write_file", "{\"path\":\"a.txt\",\"content\":\"1\"}"),
                        use("t2", "list_files", "{}"))
                .then(new Content.Text("Answer to the next question."));
        Agent agent = agent(model, new Approver.Answer.Cancel(), writer);

        Agent.TurnResult result = agent.run("write a.txt", new AgentListener() { });

        assertThat(result.ending()).isEqualTo(Agent.Ending.CANCELLED);
        assertThat(model.requests).hasSize(1);
        assertThat(root.resolve("a.txt")).doesNotExist();
        agent.run("something else", new AgentListener() { });
        List<Message> sent = model.requests.get(1).messages();
        assertThat(sent).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(model.resultsSentIn(1)).extracting(r -> ((Content.Text) r.content().get(0)).text())
                .containsExactly(Agent.CANCELLED_CALL, Agent.CANCELLED_CALL);
        assertThat(sent.get(2).text()).isEqualTo(Agent.INTERRUPTED + "something else");
        assertThat(store.messages(writer.id())).extracting(Message::text)
                .containsExactly("write a.txt", "", "", Agent.INTERRUPTED, "something else", "Answer to the next question.");
    }

    /** Streams the start of an answer, then waits until its call is cancelled by interrupting it, as Bedrock's does. */
    static final class StoppedMidAnswer extends ScriptedModel {
        private final String partial;
        private final Runnable whenStreamed;

        StoppedMidAnswer(String partial, Runnable whenStreamed) {
            this.partial = partial;
            this.whenStreamed = whenStreamed;
        }

        @Override
        public ChatResponse stream(ChatRequest request, StreamListener listener) {
            if (requests.size() > 0) {
                return super.stream(request, listener);
            }
            requests.add(request);
            if (!partial.isEmpty()) {
                listener.onEvent(new StreamEvent.MessageStart(Role.ASSISTANT));
                listener.onEvent(new StreamEvent.TextDelta(0, partial));
            }
            whenStreamed.run();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelException(ErrorKind.CANCELLED, "the call was cancelled", "", e);
            }
            throw new AssertionError("the call was never cancelled");
        }
    }

    @Test
    void cancellingMidAnswerKeepsWhatWasStreamedAndTellsTheModelNextTime() throws Exception {
        ConversationStore store = new ConversationStore(root.resolve("store"));
        ConversationStore.Writer writer = store.create("test", "m", "us-east-1");
        Agent[] agent = new Agent[1];
        StoppedMidAnswer model = new StoppedMidAnswer("The first half", () -> new Thread(() -> agent[0].cancel()).start());
        agent[0] = agent(model, new Approver.Answer.Once(), writer);

        Agent.TurnResult result = agent[0].run("tell me everything", new AgentListener() { });
        agent[0].run("go on", new AgentListener() { });

        assertThat(result.ending()).isEqualTo(Agent.Ending.CANCELLED);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        List<Message> sent = model.requests.get(1).messages();
        assertThat(sent).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(sent).extracting(Message::text)
                .containsExactly("tell me everything", "The first half", Agent.INTERRUPTED + "go on");
        assertThat(store.messages(writer.id())).extracting(Message::text)
                .containsExactly("tell me everything", "The first half", Agent.INTERRUPTED, "go on", "done");
    }

    @Test
    void aQuestionCancelledBeforeAnyAnswerIsWithdrawnNotAskedAgain() throws Exception {
        ConversationStore store = new ConversationStore(root.resolve("store"));
        ConversationStore.Writer writer = store.create("test", "m", "us-east-1");
        Agent[] agent = new Agent[1];
        StoppedMidAnswer model = new StoppedMidAnswer("", () -> new Thread(() -> agent[0].cancel()).start());
        agent[0] = agent(model, new Approver.Answer.Once(), writer);

        agent[0].run("never mind this", new AgentListener() { });
        agent[0].run("ask this instead", new AgentListener() { });

        assertThat(model.requests.get(1).messages()).extracting(Message::text).containsExactly("ask this instead");
        assertThat(Files.readString(writer.file())).contains("never mind this").contains("\"withdrawn\"");
        assertThat(store.messages(writer.id())).extracting(Message::text).containsExactly("ask this instead", "done");
        assertThat(store.find(writer.id()).orElseThrow().messages()).isEqualTo(2);
    }

    @Test
    void streamsTextToTheListener() {
        ScriptedModel model = new ScriptedModel().then(new Content.Text("hello"));
        StringBuilder streamed = new StringBuilder();

        agent(model, new Approver.Answer.Once(), null).run("hi", new AgentListener() {
            @Override
            public void onEvent(StreamEvent event) {
                if (event instanceof StreamEvent.TextDelta d) {
                    streamed.append(d.text());
                }
            }
        });

        assertThat(streamed).hasToString("hello");
    }

    @Test
    void compactionReplacesTheHistoryWithASummaryAndSurvivesReloading() {
        ConversationStore store = new ConversationStore(root.resolve("store"));
        ConversationStore.Writer writer = store.create("long", "m", "us-east-1");
        ScriptedModel model = new ScriptedModel()
                .then(new Content.Text("first answer"))
                .then(new Content.Text("second answer"))
                .then(new Content.Text("We discussed two questions."))
                .then(new Content.Text("third answer"));
        Agent agent = agent(model, new Approver.Answer.Once(), writer);
        agent.run("first", new AgentListener() { });
        agent.run("second", new AgentListener() { });

        ChatResponse summary = agent.compact();

        assertThat(summary.text()).isEqualTo("We discussed two questions.");
        assertThat(model.requests.get(2).messages()).hasSize(5);
        assertThat(model.requests.get(2).messages().get(4).text()).contains("Summarise our conversation");
        assertThat(agent.conversation().messages()).hasSize(2);
        assertThat(agent.conversation().messages().get(0).text()).contains("We discussed two questions.");
        agent.run("third", new AgentListener() { });
        assertThat(model.requests.get(3).messages()).hasSize(3);
        assertThat(store.messages(writer.id())).extracting(Message::text)
                .containsExactly(agent.conversation().messages().stream().map(Message::text).toArray(String[]::new));
    }

    @Test
    void thinkingAndTheGuardrailGoWithEveryCallAndReasoningStaysInTheHistoryThroughToolLoops() throws Exception {
        Files.writeString(root.resolve("a.txt"), "alpha\n");
        byte[] secret = {1, 2, 3, 4};
        ScriptedModel model = new ScriptedModel()
                .then(new Content.Reasoning("I should read it.", "sig-1"), new Content.RedactedReasoning(secret),
                        use("t1", "read_file", "{\"path\":\"a.txt\"}"))
                .then(new Content.Reasoning("It says alpha.", "sig-2"), new Content.Text("It says alpha."))
                .then(new Content.Text("Still alpha."));
        Agent agent = agent(model, new Approver.Answer.Once(), null);
        Guardrail guardrail = Guardrail.of("gr-1", "2").withTrace(true);
        agent.settings(agent.settings().withThinking(2048).withGuardrail(guardrail)
                .withInference(dev.basalt.core.InferenceConfig.DEFAULTS.withMaxTokens(8000)));

        agent.run("what does a.txt say?", new AgentListener() { });
        agent.settings(agent.settings().withModel("m2").withThinking(null));
        agent.run("and now?", new AgentListener() { });

        assertThat(model.requests).hasSize(3);
        for (ChatRequest request : model.requests.subList(0, 2)) {
            assertThat(request.thinkingBudget()).isEqualTo(2048);
            assertThat(request.guardrail()).isEqualTo(guardrail);
            assertThat(request.inference().maxTokens()).isEqualTo(8000);
        }
        // the tool loop's second call carries the first answer's reasoning, redacted part included, unchanged
        assertThat(model.requests.get(1).messages().get(1).content()).containsExactly(
                new Content.Reasoning("I should read it.", "sig-1"), new Content.RedactedReasoning(secret),
                use("t1", "read_file", "{\"path\":\"a.txt\"}"));
        // the next turn: thinking off, guardrail kept (withModel keeps both settings' other parts), history whole
        ChatRequest third = model.requests.get(2);
        assertThat(third.modelId()).isEqualTo("m2");
        assertThat(third.thinkingBudget()).isNull();
        assertThat(third.guardrail()).isEqualTo(guardrail);
        assertThat(third.messages().get(3).content()).startsWith(new Content.Reasoning("It says alpha.", "sig-2"));
    }

    @Test
    void aUserMessageCanCarryImagesAndDocumentsBeforeItsText() {
        ConversationStore store = new ConversationStore(root.resolve("store"));
        ConversationStore.Writer writer = store.create("with files", "m", "us-east-1");
        ScriptedModel model = new ScriptedModel().then(new Content.Text("A chart."));
        Agent agent = agent(model, new Approver.Answer.Once(), writer);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 1};
        List<Content> message = List.of(Content.Image.of("chart.png", png),
                new Content.Document("notes.md", dev.basalt.core.DocumentFormat.MD, new byte[] {'#'}),
                new Content.Text("what is this?"));

        ChatRequest preview = agent.nextRequest(message);
        agent.run(message, new AgentListener() { });

        assertThat(preview.messages()).containsExactly(new Message(dev.basalt.core.Role.USER, message));
        assertThat(model.requests.get(0).messages()).containsExactly(new Message(dev.basalt.core.Role.USER, message));
        assertThat(store.messages(writer.id()).get(0).content()).isEqualTo(message);
    }
}

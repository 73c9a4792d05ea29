package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.bedrock.ModelCatalog;
import dev.basalt.bedrock.ModelRef;
import dev.basalt.core.Content;
import dev.basalt.core.DocumentFormat;
import dev.basalt.core.Guardrail;
import dev.basalt.core.ImageFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How chat reads --guardrail, --thinking and --attach before anything is sent. */
class ChatOptionsTest {

    @TempDir
    Path dir;

    static ModelRef ref(String input) {
        return ModelRef.parse(input, "us-east-1", ModelCatalog.bundled());
    }

    @Test
    void guardrailsAreAnIdOrArnWithAnOptionalVersion() {
        assertThat(GuardrailSpec.parse("gr6x4k2abc1d", "--guardrail")).isEqualTo(Guardrail.of("gr6x4k2abc1d", "DRAFT"));
        assertThat(GuardrailSpec.parse(" gr6x4k2abc1d:3 ", "--guardrail")).isEqualTo(Guardrail.of("gr6x4k2abc1d", "3"));
        assertThat(GuardrailSpec.parse("gr-demo:draft", "--guardrail")).isEqualTo(Guardrail.of("gr-demo", "DRAFT"));
        String arn = "arn:aws:bedrock:us-east-1:123456789012:guardrail/gr6x4k2abc1d";
        assertThat(GuardrailSpec.parse(arn, "--guardrail")).isEqualTo(Guardrail.of(arn, "DRAFT"));
        assertThat(GuardrailSpec.parse(arn + ":12", "--guardrail")).isEqualTo(Guardrail.of(arn, "12"));
        assertThat(GuardrailSpec.describe(Guardrail.of("g", "12"))).isEqualTo("g (version 12)");

        assertThatThrownBy(() -> GuardrailSpec.parse("gr:0", "--guardrail")).isInstanceOf(UserError.class)
                .hasMessage("guardrail version '0' in --guardrail is neither a version number nor DRAFT");
        assertThatThrownBy(() -> GuardrailSpec.parse(":3", "chat.guardrail")).isInstanceOf(UserError.class)
                .hasMessageStartingWith("chat.guardrail takes a guardrail id or ARN");
    }

    @Test
    void theFlagsAreExactlyTheOptionsPicocliGivesNoValue() {
        picocli.CommandLine.Model.CommandSpec chat = BasaltCommand.commandLine(new String[] {"chat"})
                .getSubcommands().get("chat").getCommandSpec();
        java.util.Set<String> noValue = new java.util.TreeSet<>();
        chat.options().stream().filter(o -> o.arity().max() == 0).forEach(o -> noValue.addAll(java.util.List.of(o.names())));
        assertThat(noValue).containsExactlyInAnyOrderElementsOf(Chat.FLAGS);
    }

    @Test
    void chatAnswersHelpAndVersionAsTheRootDoes() {
        for (String[] args : new String[][] {{"chat", "-V"}, {"--version"}, {"chat", "--help"}}) {
            picocli.CommandLine cli = BasaltCommand.commandLine(args);
            java.io.StringWriter out = new java.io.StringWriter();
            cli.setOut(new java.io.PrintWriter(out));

            assertThat(cli.execute(args)).isZero();
            assertThat(out.toString()).as(String.join(" ", args))
                    .startsWith(args[args.length - 1].equals("--help") ? "Usage: basalt chat [-chV]" : "basalt " + VersionProvider.version());
        }
    }

    @Test
    void theModelsHelpNamesEverySourceOfTheDefault() {
        picocli.CommandLine cli = BasaltCommand.commandLine(new String[] {"chat", "--help"});
        java.io.StringWriter out = new java.io.StringWriter();
        cli.setOut(new java.io.PrintWriter(out));
        cli.execute("chat", "--help");

        // picocli wraps the help at any space or dot, so the words are compared without the spaces
        assertThat(out.toString().replaceAll("\\s+", ""))
                .contains("BASALT_MODEL,AMAZON_Q_MODEL,thechat.defaultModelsetting,else" + Chat.DEFAULT_MODEL);
    }

    @Test
    void aChatIsPromptlessWhenEveryWordIsAnOptionOrItsValue() {
        assertThat(Chat.promptless(new String[] {"chat"})).isTrue();
        assertThat(Chat.promptless(new String[] {"--debug", "chat", "--local"})).isTrue();
        assertThat(Chat.promptless(new String[] {"chat", "--endpoint-url", "http://127.0.0.1:8000", "-m", "haiku"})).isTrue();
        assertThat(Chat.promptless(new String[] {"chat", "--model=haiku", "--continue", "--trust-tools", "bash"})).isTrue();
        assertThat(Chat.promptless(new String[] {"chat", "--"})).isTrue();

        assertThat(Chat.promptless(new String[] {"chat", "hello"})).isFalse();
        assertThat(Chat.promptless(new String[] {"chat", "--local", "hello"})).isFalse();
        assertThat(Chat.promptless(new String[] {"chat", "-m", "haiku", "hello"})).isFalse();
        assertThat(Chat.promptless(new String[] {"chat", "--", "--not-an-option"})).isFalse();
        assertThat(Chat.promptless(new String[] {"chat", "-"})).isFalse();
        assertThat(Chat.promptless(new String[] {"models"})).isFalse();
    }

    @Test
    void aThinkingBudgetIsAtLeastClaudesMinimumOrOff() {
        assertThat(ThinkingBudget.parse("4096", "--thinking")).contains(4096);
        assertThat(ThinkingBudget.parse("16_000", "--thinking")).contains(16000);
        assertThat(ThinkingBudget.parse("OFF", "--thinking")).isEmpty();
        assertThat(ThinkingBudget.parse("0", "/thinking")).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> ThinkingBudget.parse("1023", "/thinking")).isInstanceOf(UserError.class)
                .hasMessage("/thinking must be at least 1024 tokens (Claude's smallest thinking budget), not 1023");
    }

    @Test
    void theMaxTokensFitTheBudget() {
        assertThat(ThinkingBudget.maxTokens(4096, null, ref("sonnet"), "--thinking")).isEqualTo(128000);
        assertThat(ThinkingBudget.maxTokens(4096, 5000, ref("sonnet"), "--thinking")).isEqualTo(5000);
        // not in the catalog: room for an answer above the budget
        assertThat(ThinkingBudget.maxTokens(4096, null, ref("anthropic.claude-future-9-v1:0"), "--thinking"))
                .isEqualTo(4096 + ThinkingBudget.ANSWER_ROOM);
        assertThatThrownBy(() -> ThinkingBudget.maxTokens(32000, null, ref("claude-opus-4.1"), "/thinking"))
                .isInstanceOf(UserError.class).hasMessage("thinking budget 32000 leaves no room for an answer: "
                        + "Claude Opus 4.1 writes at most 32000 output tokens, thinking included");
        assertThatThrownBy(() -> ThinkingBudget.maxTokens(2048, null, ref("nova-pro"), "chat.thinkingBudget"))
                .isInstanceOfSatisfying(UserError.class, e -> {
                    assertThat(e.getMessage()).contains("has no extended thinking, so chat.thinkingBudget cannot be used with it");
                    assertThat(e.hint()).endsWith("turn thinking off: --thinking off, or basalt config unset chat.thinkingBudget");
                });
    }

    @Test
    void anImageIsKnownByItsBytesAndADocumentByItsExtension() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 2, 0, 0, 0, 3};
        Path misnamed = Files.write(dir.resolve("picture.txt"), png);
        Path csv = Files.writeString(dir.resolve("table.CSV"), "a,b\n1,2\n");

        assertThat(Attachments.load(misnamed)).isInstanceOfSatisfying(Content.Image.class,
                image -> assertThat(image.format()).isEqualTo(ImageFormat.PNG));
        assertThat(Attachments.load(csv)).isInstanceOfSatisfying(Content.Document.class,
                document -> assertThat(document.format()).isEqualTo(DocumentFormat.CSV));
        assertThat(Attachments.describe(Attachments.load(misnamed))).isEqualTo("picture.txt (png, 24 bytes, 2x3 px)");

        Path empty = Files.writeString(dir.resolve("empty.md"), "");
        assertThatThrownBy(() -> Attachments.load(empty)).isInstanceOf(UserError.class)
                .hasMessage("cannot attach empty.md: it is empty");
        Path huge = dir.resolve("huge.pdf");
        try (var file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(Attachments.MAX_BYTES + 1);
        }
        assertThatThrownBy(() -> Attachments.load(huge)).isInstanceOfSatisfying(UserError.class, e -> {
            assertThat(e.getMessage()).isEqualTo("cannot attach huge.pdf: it is 4.50 MB; Bedrock takes documents up to 4.5 MB");
            assertThat(e.hint()).isEqualTo("split it, or send its text instead");
        });
    }
}

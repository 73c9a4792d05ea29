package dev.basalt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.core.Content;
import dev.basalt.core.DocumentFormat;
import dev.basalt.core.Message;
import dev.basalt.core.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationStoreTest {

    @TempDir
    Path dir;

    @Test
    void aTornLastLineIsSkippedAndEverythingBeforeItSurvives() throws Exception {
        ConversationStore store = new ConversationStore(dir);
        ConversationStore.Writer writer = store.create("hello", "m", "us-east-1");
        writer.append(Message.user("first"));
        writer.append(new Message(Role.ASSISTANT, List.of(new Content.Reasoning("hmm", "sig"), new Content.Text("answer"))));
        Files.writeString(writer.file(), "{\"type\":\"message\",\"role\":\"user\",\"cont", StandardOpenOption.APPEND);

        List<Message> messages = store.messages(writer.id());

        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).content()).containsExactly(new Content.Reasoning("hmm", "sig"), new Content.Text("answer"));
        assertThat(writer.file().getFileName().toString()).matches(writer.id() + "_\\d{8}T\\d{6}Z\\.jsonl");
    }

    @Test
    void aTranscriptOrAJsonExportFromElsewhereIsImportedAsANewConversationAndTheFileIsOnlyRead(@TempDir Path elsewhere)
            throws Exception {
        ConversationStore there = new ConversationStore(elsewhere);
        ConversationStore.Writer writer = there.create("from the laptop", "m", "eu-west-1");
        writer.system(List.of("be brief"));
        List<Message> sent = List.of(new Message(Role.USER, List.of(new Content.Text("read it"),
                        Content.Image.of("dot.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0}))),
                new Message(Role.ASSISTANT, List.of(new Content.Reasoning("hmm", "sig"),
                        new Content.ToolUse("t1", "read_file", "{\"path\":\"a.txt\"}"))),
                new Message(Role.USER, List.of(Content.ToolResult.text("t1", "contents", false))),
                Message.assistant("done"));
        sent.forEach(writer::append);
        Path export = elsewhere.resolve("export.json");
        Files.writeString(export, there.json(writer.id()));
        byte[] transcript = Files.readAllBytes(writer.file());
        ConversationStore store = new ConversationStore(dir);

        ConversationStore.Summary fromTranscript = store.importFrom(writer.file());
        ConversationStore.Summary fromExport = store.importFrom(export);

        for (ConversationStore.Summary imported : List.of(fromTranscript, fromExport)) {
            assertThat(imported.id()).isNotEqualTo(writer.id());
            assertThat(imported.file().getParent()).isEqualTo(dir);
            assertThat(imported.title()).isEqualTo("from the laptop");
            assertThat(imported.system()).containsExactly("be brief");
            assertThat(store.messages(imported.id())).isEqualTo(sent);
        }
        assertThat(Files.readAllBytes(writer.file())).isEqualTo(transcript);
        assertThat(store.importFrom(fromTranscript.file())).as("a file of the store is that conversation").isEqualTo(fromTranscript);
        assertThat(store.list()).hasSize(2);
    }

    @Test
    void aFileThatIsNoConversationIsRefusedSayingWhatItIsNot() throws Exception {
        ConversationStore store = new ConversationStore(dir.resolve("store"));
        Path notes = Files.writeString(dir.resolve("notes.json"), "{\"title\": \"not a conversation\"}");
        Path binary = Files.write(dir.resolve("blob.jsonl"), new byte[] {(byte) 0xC3, 0x28, 0, 1});

        for (Path file : List.of(notes, binary)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.importFrom(file))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(file + " is neither a basalt conversation file (<id>_<timestamp>.jsonl) nor a conversation exported as JSON");
        }
        assertThat(store.list()).isEmpty();
    }

    @Test
    void imagesAndDocumentsRoundTripAsBase64() throws Exception {
        ConversationStore store = new ConversationStore(dir);
        ConversationStore.Writer writer = store.create("pictures", "m", "us-east-1");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 1, 2, (byte) 0xFF};
        Message sent = new Message(Role.USER, List.of(new Content.Text("what is this?"),
                Content.Image.of("chart.png", png),
                new Content.Document("notes.md", DocumentFormat.MD, "# Notes\n".getBytes(StandardCharsets.UTF_8))));
        writer.append(sent);

        assertThat(store.messages(writer.id())).containsExactly(sent);
        assertThat(Files.readString(writer.file())).contains("\"type\":\"image\"").contains("\"format\":\"png\"");
    }

    @Test
    void redactedReasoningRoundTripsByteForByte() {
        ConversationStore store = new ConversationStore(dir);
        ConversationStore.Writer writer = store.create("secret thoughts", "m", "us-east-1");
        byte[] opaque = {0, (byte) 0xFF, 42, 7, (byte) 0x80};
        Message answer = new Message(Role.ASSISTANT, List.of(new Content.Reasoning("visible", "sig"),
                new Content.RedactedReasoning(opaque), new Content.Text("done")));
        writer.append(Message.user("think"));
        writer.append(answer);

        assertThat(store.messages(writer.id()).get(1)).isEqualTo(answer);
    }

    @Test
    void theLastSystemPromptRecordedIsTheConversations() {
        ConversationStore store = new ConversationStore(dir);
        ConversationStore.Writer writer = store.create("t", "m", "r");
        assertThat(store.find(writer.id()).orElseThrow().system()).isEmpty();

        writer.system(List.of("Answer like a pirate"));
        writer.append(Message.user("x"));
        writer.system(List.of("Be terse", "Use British spelling"));
        assertThat(store.find(writer.id()).orElseThrow().system()).containsExactly("Be terse", "Use British spelling");

        writer.system(List.of());
        assertThat(store.find(writer.id()).orElseThrow().system()).isEmpty();
        assertThat(store.messages(writer.id())).containsExactly(Message.user("x"));
    }

    @Test
    void listsNewestFirstRenamesAndDeletes() throws Exception {
        ConversationStore store = new ConversationStore(dir);
        ConversationStore.Writer a = store.create("first", "m", "r");
        Thread.sleep(5);
        ConversationStore.Writer b = store.create("second", "m", "r");
        b.append(Message.user("x"));

        store.rename(a.id(), "renamed");

        assertThat(store.list()).extracting(ConversationStore.Summary::title).containsExactly("second", "renamed");
        assertThat(store.latest()).get().extracting(ConversationStore.Summary::messages).isEqualTo(1);
        store.delete(a.id());
        assertThat(store.list()).hasSize(1);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(b.file()))).isEqualTo("rw-------");
    }

    @Test
    void anUnreadableFileIsReportedAndLeftOutWhileFindingByIdReadsOnlyThatConversation() throws Exception {
        List<Path> reported = new java.util.ArrayList<>();
        ConversationStore store = new ConversationStore(dir, (file, why) -> reported.add(file));
        ConversationStore.Writer kept = store.create("kept", "m", "us-east-1");
        ConversationStore.Writer other = store.create("other", "m", "us-east-1");
        Files.write(other.file(), new byte[] {'{', (byte) 0xff, '}', '\n'});

        assertThat(store.find(kept.id())).map(ConversationStore.Summary::title).hasValue("kept");
        assertThat(reported).isEmpty();   // the other file was not read

        assertThat(store.list()).extracting(ConversationStore.Summary::title).containsExactly("kept");
        assertThat(reported).containsExactly(other.file());
    }

    @Test
    void exportIsOneJsonDocumentWithTheHeaderAndTheMessages() throws Exception {
        ConversationStore store = new ConversationStore(dir);
        ConversationStore.Writer writer = store.create("hello", "m", "us-east-1");
        writer.system(List.of("be brief"));
        writer.append(Message.user("first"));

        var document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(store.json(writer.id()));

        assertThat(document.path("id").asText()).isEqualTo(writer.id());
        assertThat(document.path("region").asText()).isEqualTo("us-east-1");
        assertThat(document.path("system").get(0).asText()).isEqualTo("be brief");
        assertThat(document.path("messages").get(0).path("content").get(0).path("text").asText()).isEqualTo("first");
    }

    @Test
    void aToolCallLeftWithoutAResultIsReadBackWithAnInterruptedErrorResult() {
        ConversationStore store = new ConversationStore(dir);
        ConversationStore.Writer writer = store.create("killed", "m", "us-east-1");
        writer.append(Message.user("write it"));
        writer.append(new Message(Role.ASSISTANT, List.of(new Content.Text("Writing."),
                new Content.ToolUse("t1", "write_file", "{}"), new Content.ToolUse("t2", "bash", "{}"))));
        // the process died at t1's consent question; later the conversation went on
        writer.append(Message.user("are you there?"));

        List<Message> messages = store.messages(writer.id());

        assertThat(messages).hasSize(3);
        assertThat(messages.get(2).content()).containsExactly(
                Content.ToolResult.text("t1", ConversationStore.INTERRUPTED_CALL, true),
                Content.ToolResult.text("t2", ConversationStore.INTERRUPTED_CALL, true),
                new Content.Text("are you there?"));
    }

    @Test
    void aLastToolCallWithoutAResultGetsOneInAMessageOfItsOwn() {
        ConversationStore store = new ConversationStore(dir);
        ConversationStore.Writer writer = store.create("killed", "m", "us-east-1");
        writer.append(Message.user("write it"));
        writer.append(new Message(Role.ASSISTANT, List.of(new Content.ToolUse("t1", "write_file", "{}"))));

        List<Message> messages = store.messages(writer.id());

        assertThat(messages).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(messages.get(2).content()).containsExactly(Content.ToolResult.text("t1", ConversationStore.INTERRUPTED_CALL, true));
    }

    @Test
    void anInterruptedThreadStillWritesItsLine() {
        ConversationStore store = new ConversationStore(dir);
        ConversationStore.Writer writer = store.create("cancelled", "m", "us-east-1");
        Thread.currentThread().interrupt();
        try {
            writer.append(Message.user("still saved"));
        } finally {
            Thread.interrupted();
        }

        assertThat(store.messages(writer.id())).extracting(Message::text).containsExactly("still saved");
    }
}

package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.Content;
import dev.basalt.core.DocumentFormat;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.Message;
import dev.basalt.core.ModelException;
import dev.basalt.core.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images and documents through the real SDK: the blocks Bedrock receives, and Bedrock's limits checked before sending. */
class ImagesAndDocumentsTest extends EmulatedBedrock {

    @TempDir
    Path dir;

    @Test
    void anImageFileGoesOutAsAConverseImageBlockWithItsBytes() throws IOException {
        byte[] bytes = png(20, 10);
        Path file = Files.write(dir.resolve("chart.png"), bytes);
        ChatRequest request = ChatRequest.builder(SONNET)
                .message(new Message(Role.USER, List.of(Content.Image.fromFile(file), new Content.Text("What is this?"))))
                .build();

        String viaChat = model.chat(request).text();
        JsonNode chatBody = lastBody();
        model.stream(request, e -> { });
        JsonNode streamBody = lastBody();

        assertThat(viaChat).isEqualTo("What is this?");
        for (JsonNode body : List.of(chatBody, streamBody)) {
            JsonNode image = body.at("/messages/0/content/0/image");
            assertThat(image.path("format").asText()).isEqualTo("png");
            assertThat(image.at("/source/bytes").asText()).isEqualTo(Base64.getEncoder().encodeToString(bytes));
            assertThat(body.at("/messages/0/content/1/text").asText()).isEqualTo("What is this?");
        }
    }

    @Test
    void imagesAndDocumentsInToolResultsGoOutInsideTheResult() {
        ChatRequest request = ChatRequest.builder(SONNET)
                .tool(new dev.basalt.core.ToolSpec("screenshot", "Takes a screenshot", null))
                .user("Show me the screen")
                .message(new Message(Role.ASSISTANT, List.of(new Content.ToolUse("tu_1", "screenshot", "{}"))))
                .message(new Message(Role.USER, List.of(new Content.ToolResult("tu_1", List.of(
                        new Content.Text("here it is"), Content.Image.of("screen.png", png(4, 4)),
                        new Content.Document("log.txt", DocumentFormat.TXT, "all good".getBytes(StandardCharsets.UTF_8))), false))))
                .build();

        model.chat(request);

        JsonNode result = lastBody().at("/messages/2/content/0/toolResult/content");
        assertThat(result.at("/0/text").asText()).isEqualTo("here it is");
        assertThat(result.at("/1/image/format").asText()).isEqualTo("png");
        assertThat(result.at("/2/document/name").asText()).isEqualTo("log");
        assertThat(result.at("/2/document/format").asText()).isEqualTo("txt");
    }

    @Test
    void anImageOverThreePointSevenFiveMegabytesIsRefusedBeforeSendingNamingTheFile() {
        int before = callCount();
        ChatRequest request = withImages(SONNET, Content.Image.of("huge.png", pngHeader(100, 100, 4_000_000)));

        assertThatThrownBy(() -> model.chat(request)).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
            assertThat(e.userMessage()).isEqualTo("huge.png is 3.81 MB; Bedrock takes images up to 3.75 MB (resize or recompress it)");
        });
        assertThat(callCount()).isEqualTo(before);
    }

    @Test
    void anImageWiderThan8000PixelsIsRefusedWithItsSize() {
        ChatRequest request = withImages(SONNET, Content.Image.of("panorama.png", pngHeader(8001, 600, 100)));

        assertThatThrownBy(() -> model.stream(request, e -> { })).isInstanceOfSatisfying(ModelException.class, e ->
                assertThat(e.userMessage()).isEqualTo(
                        "panorama.png is 8001x600 px; Bedrock takes images up to 8000 px on each side (scale it down)"));
    }

    @Test
    void anImageOfExactly8000PixelsIsSent() {
        model.chat(withImages(SONNET, Content.Image.of("tall.png", pngHeader(1, 8000, 100))));

        assertThat(lastBody().at("/messages/0/content/0/image/format").asText()).isEqualTo("png");
    }

    @Test
    void twentyOneImagesInTheConversationAreRefused() {
        List<Content> first = new ArrayList<>();
        List<Content> second = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            (i < 10 ? first : second).add(Content.Image.of("img" + i + ".png", png(2, 2)));
        }
        second.add(new Content.Text("and these?"));
        ChatRequest request = ChatRequest.builder(SONNET)
                .message(new Message(Role.USER, first))
                .message(Message.assistant("Seen."))
                .message(new Message(Role.USER, second))
                .build();

        assertThatThrownBy(() -> model.chat(request)).isInstanceOfSatisfying(ModelException.class, e ->
                assertThat(e.getMessage()).isEqualTo("the request holds 21 images; Bedrock takes at most 20 per request"));
    }

    @Test
    void aModelWithoutVisionIsRefusedNamingTheImage() {
        ChatRequest request = withImages("us.anthropic.claude-3-5-haiku-20241022-v1:0", Content.Image.of("cat.png", png(2, 2)));

        assertThatThrownBy(() -> model.chat(request)).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
            assertThat(e.getMessage()).isEqualTo("Claude 3.5 Haiku does not read images (cat.png)");
        });
    }

    @Test
    void documentsGoOutWithNamesBedrockAcceptsUniqueAcrossTheConversation() throws IOException {
        byte[] pdf = "%PDF-1.7\n...".getBytes(StandardCharsets.US_ASCII);
        Path report = Files.write(dir.resolve("Q3 report_final (v2).pdf"), pdf);
        Path notes = Files.writeString(dir.resolve("Q3 report final (v2).md"), "# Notes");
        ChatRequest request = ChatRequest.builder(SONNET)
                .message(new Message(Role.USER, List.of(Content.Document.fromFile(report), new Content.Text("Summarise"))))
                .message(Message.assistant("Done."))
                .message(new Message(Role.USER, List.of(Content.Document.fromFile(notes), new Content.Text("And these notes?"))))
                .build();

        model.stream(request, e -> { });

        JsonNode body = lastBody();
        JsonNode first = body.at("/messages/0/content/0/document");
        JsonNode second = body.at("/messages/2/content/0/document");
        assertThat(first.path("name").asText()).isEqualTo("Q3 report final (v2)");
        assertThat(first.path("format").asText()).isEqualTo("pdf");
        assertThat(first.at("/source/bytes").asText()).isEqualTo(Base64.getEncoder().encodeToString(pdf));
        assertThat(second.path("name").asText()).isEqualTo("Q3 report final (v2) (2)");
        assertThat(second.path("format").asText()).isEqualTo("md");
    }

    @Test
    void sixDocumentsAreRefused() {
        List<Content> docs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            docs.add(new Content.Document("part" + i + ".txt", DocumentFormat.TXT, "x".getBytes(StandardCharsets.UTF_8)));
        }
        ChatRequest request = ChatRequest.builder(SONNET).message(new Message(Role.USER, docs)).build();

        assertThatThrownBy(() -> model.chat(request)).isInstanceOfSatisfying(ModelException.class, e ->
                assertThat(e.userMessage()).isEqualTo("the request holds 6 documents; Bedrock takes at most 5 per request"
                        + " (send fewer documents, or start a new conversation)"));
    }

    @Test
    void aDocumentOverFourPointFiveMegabytesIsRefusedNamingTheFile() {
        ChatRequest request = ChatRequest.builder(SONNET).message(new Message(Role.USER, List.of(
                new Content.Document("dump.csv", DocumentFormat.CSV, new byte[4_718_593])))).build();

        assertThatThrownBy(() -> model.chat(request)).isInstanceOfSatisfying(ModelException.class, e ->
                assertThat(e.getMessage()).isEqualTo("dump.csv is 4.50 MB; Bedrock takes documents up to 4.5 MB"));
    }

    @Test
    void anImageInAnAssistantMessageIsRefused() {
        ChatRequest request = ChatRequest.builder(SONNET).user("draw")
                .message(new Message(Role.ASSISTANT, List.of(Content.Image.of("drawn.png", png(2, 2)))))
                .user("thanks").build();

        assertThatThrownBy(() -> model.chat(request)).isInstanceOfSatisfying(ModelException.class, e ->
                assertThat(e.getMessage()).startsWith("images and documents go in user messages"));
    }

    private static ChatRequest withImages(String modelId, Content.Image... images) {
        List<Content> content = new ArrayList<>(List.of(images));
        content.add(new Content.Text("Describe"));
        return ChatRequest.builder(modelId).message(new Message(Role.USER, content)).build();
    }
}

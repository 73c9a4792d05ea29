package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.RecordedCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `basalt embed` as a person runs it: the built jar, --local or the emulator on a random port. */
class EmbedIT {

    static final String KEY_ID = "AKIDEMBEDIT";
    static final String SECRET = "embed-it-secret";
    static final ObjectMapper JSON = new ObjectMapper();

    static Emulator emulator;

    @TempDir
    Path home;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET).start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private BasaltProcess basalt() {
        return new BasaltProcess(home).env("BASALT_HOME", home.resolve("data").toString());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void localEmbedPrintsALinePerTextAndSaysWhereTheVectorsCameFrom() {
        BasaltProcess.Result result = basalt().run("embed", "--local", "granite", "basalt");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines).hasSize(3);
        // 4 tokens at Titan v2's $0.02 per million
        assertThat(lines.get(0)).isEqualTo("2 vectors of 1024 dimensions from amazon.titan-embed-text-v2:0, 4 input tokens, $0.00000008");
        assertThat(lines.get(1)).startsWith("   1  [").endsWith("|v|=1.000  granite");
        assertThat(lines.get(2)).startsWith("   2  [").endsWith("|v|=1.000  basalt");
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).contains("local Bedrock emulator").contains("deterministic vectors");
    }

    @Test
    void jsonHasEveryVectorOfTheDimensionsAskedForAndTheSameTextGivesTheSameVector() {
        BasaltProcess.Result first = basalt().run("embed", "--local", "--output", "json", "--dimensions", "256", "lava", "ash", "lava");
        BasaltProcess.Result again = basalt().run("embed", "--local", "--output", "json", "--dimensions", "256", "lava");

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        JsonNode answer = json(first.stdout());
        assertThat(answer.path("model").asText()).isEqualTo("amazon.titan-embed-text-v2:0");
        assertThat(answer.path("dimensions").asInt()).isEqualTo(256);
        assertThat(answer.path("input_tokens").asInt()).isEqualTo(3);
        assertThat(answer.path("cost_usd").decimalValue()).isEqualByComparingTo("0.00000006");
        assertThat(answer.path("vectors")).hasSize(3).allSatisfy(v -> assertThat(v).hasSize(256));
        assertThat(answer.path("vectors").get(0)).isEqualTo(answer.path("vectors").get(2)).isNotEqualTo(answer.path("vectors").get(1));
        assertThat(json(again.stdout()).path("vectors").get(0)).isEqualTo(answer.path("vectors").get(0));
    }

    @Test
    void stdinLinesAreTheTextsWhenNoneAreGiven() {
        BasaltProcess.Result result = basalt().runWithStdin("one\n\n  \ntwo\n",
                "embed", "--local", "--model", "cohere-embed-english", "--input-type", "search_query", "--output", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode answer = json(result.stdout());
        assertThat(answer.path("model").asText()).isEqualTo("cohere.embed-english-v3");
        assertThat(answer.path("vectors")).hasSize(2).allSatisfy(v -> assertThat(v).hasSize(1024));
    }

    @Test
    void moreThan96TextsGoToCohereIn96sThroughTheEndpointWithSigV4() {
        String texts = IntStream.range(0, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        int before = emulator.recordedCalls().size();

        BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", KEY_ID).env("AWS_SECRET_ACCESS_KEY", SECRET)
                .runWithStdin(texts, "embed", "--endpoint-url", emulator.endpoint().toString(), "--region", "us-west-2",
                        "--model", "cohere.embed-multilingual-v3");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).isEmpty();
        assertThat(result.stdout().lines().findFirst()).contains(
                "100 vectors of 1024 dimensions from cohere.embed-multilingual-v3, 200 input tokens, $0.00002");
        List<RecordedCall> calls = emulator.recordedCalls().subList(before, emulator.recordedCalls().size());
        assertThat(calls).hasSize(2).allSatisfy(c -> {
            assertThat(c.auth()).isEqualTo("sigv4");
            assertThat(c.modelId()).isEqualTo("cohere.embed-multilingual-v3");
        });
        assertThat(calls).extracting(c -> json(c.requestBody()).path("texts").size()).containsExactlyInAnyOrder(96, 4);
    }

    @Test
    void cohereEmbedV4IsAskedForFloatVectorsOfTheDimensionsGivenAndPricedAtItsOwnRate() {
        int before = emulator.recordedCalls().size();

        BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", KEY_ID).env("AWS_SECRET_ACCESS_KEY", SECRET)
                .run("embed", "--endpoint-url", emulator.endpoint().toString(), "--region", "us-east-1",
                        "--model", "cohere-embed-v4", "--dimensions", "1024", "--output", "json", "granite", "basalt");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode answer = json(result.stdout());
        assertThat(answer.path("model").asText()).isEqualTo("cohere.embed-v4:0");
        assertThat(answer.path("vectors")).hasSize(2).allSatisfy(v -> assertThat(v).hasSize(1024));
        // 4 tokens at Cohere Embed v4's $0.12 per million
        assertThat(answer.path("cost_usd").decimalValue()).isEqualByComparingTo("0.00000048");
        List<RecordedCall> calls = emulator.recordedCalls().subList(before, emulator.recordedCalls().size());
        assertThat(calls).singleElement().satisfies(c -> {
            JsonNode body = json(c.requestBody());
            assertThat(body.path("texts").toString()).isEqualTo("[\"granite\",\"basalt\"]");
            assertThat(body.path("embedding_types").toString()).isEqualTo("[\"float\"]");
            assertThat(body.path("output_dimension").asInt()).isEqualTo(1024);
        });
    }

    @Test
    void dimensionsTheModelDoesNotMakeAreOneLineWithTheFixAndNoCall() {
        BasaltProcess.Result result = basalt().run("embed", "--local", "--dimensions", "300", "granite");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderrLines()).hasSize(2);
        assertThat(result.stderrLines().get(1)).isEqualTo(
                "basalt: Titan Text Embeddings v2 makes vectors of 256, 512 or 1024 dimensions, not 300 (use one of 256, 512 or 1024)");
    }

    @Test
    void badFlagsAreOneLineUsageErrors() {
        BasaltProcess.Result inputType = basalt().run("embed", "--local", "--input-type", "query", "x");
        BasaltProcess.Result output = basalt().run("embed", "--local", "--output", "xml", "x");
        BasaltProcess.Result notANumber = basalt().run("embed", "--local", "--dimensions", "many", "x");
        BasaltProcess.Result titanInputType = basalt().run("embed", "--local", "--input-type", "search_query", "x");

        assertThat(inputType.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(inputType.stderrLines()).containsExactly("basalt: --input-type must be search_document, search_query, "
                + "classification or clustering, not query (embed a corpus as search_document and the questions against it "
                + "as search_query)");
        assertThat(output.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(output.stderrLines()).containsExactly("basalt: --output must be text or json, not xml (for scripts use --output json)");
        assertThat(notANumber.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(notANumber.stderrLines()).hasSize(1);
        assertThat(notANumber.stderr()).contains("--dimensions").contains("see `basalt embed --help`");
        assertThat(titanInputType.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(titanInputType.stderrLines()).last().isEqualTo(
                "basalt: Titan Text Embeddings v2 takes no input type (only Cohere Embed does) (leave the input type unset)");
    }

    @Test
    void noTextIsAUsageError() {
        BasaltProcess.Result result = basalt().runWithStdin("\n\n", "embed", "--local");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderrLines()).containsExactly("basalt: no text to embed (pass texts as arguments: "
                + "basalt embed \"first\" \"second\", or pipe them on stdin, one per line)");
    }

    @Test
    void aChatModelIsNotTakenForAnEmbeddingModel() {
        BasaltProcess.Result result = basalt().run("embed", "--local", "--model", "sonnet", "x");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stderrLines()).last().asString()
                .startsWith("basalt: us.anthropic.claude-sonnet-4-6 is not an embedding model Basalt can call (use titan-embed");
    }
}

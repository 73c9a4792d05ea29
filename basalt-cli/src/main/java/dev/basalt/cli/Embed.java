package dev.basalt.cli;

import dev.basalt.bedrock.BedrockEmbeddingModel;
import dev.basalt.bedrock.ModelRef;
import dev.basalt.core.Embedding;
import dev.basalt.core.EmbeddingInputType;
import dev.basalt.core.EmbeddingOptions;
import dev.basalt.core.EmbeddingRequest;
import dev.basalt.core.EmbeddingResponse;
import dev.basalt.core.Pricing;
import dev.basalt.core.Usage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `basalt embed TEXT...`: one vector per text from an embedding model on Bedrock. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Turn texts into vectors with an embedding model on Bedrock.",
                "Titan Text Embeddings v2 (default), Titan v1, or Cohere Embed v3 or v4. Each TEXT is one vector; without"
                        + " TEXT, each line of stdin is one."},
        footer = {"", "Examples:",
                "  basalt embed --local \"granite\" \"basalt\"",
                "  basalt embed --dimensions 256 --output json \"What is basalt?\" > vector.json",
                "  basalt embed --model cohere-embed-english --input-type search_query \"where does lava cool?\"",
                "  cut -f2 corpus.tsv | basalt embed --model cohere-embed-multilingual --output json"})
final class Embed implements Callable<Integer> {

    static final String DEFAULT_MODEL = "titan-embed";

    @Mixin
    AwsOptions aws;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", defaultValue = DEFAULT_MODEL,
            description = {"titan-embed (v2, default), titan-embed-v1, cohere-embed-english, cohere-embed-multilingual,",
                    "cohere-embed-v4, or a Bedrock model id of one of them."})
    String model;

    @Option(names = "--dimensions", paramLabel = "N",
            description = {"Length of each vector: 256, 512 or 1024 for Titan v2 (default 1024); 256, 512, 1024 or 1536",
                    "for Cohere v4 (default 1536); Titan v1 makes 1536, Cohere v3 1024."})
    Integer dimensions;

    @Option(names = "--normalize", negatable = true,
            description = "Scale vectors to unit length (Titan v2 does it by default; for the others Basalt does it when asked).")
    Boolean normalize;

    @Option(names = "--input-type", paramLabel = "TYPE",
            description = "Cohere only: search_document (default), search_query, classification or clustering.")
    String inputType;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default: a summary line per text) or json (every vector).")
    String output;

    @Option(names = "--local",
            description = "Use the built-in Bedrock emulator (deterministic vectors): no AWS account or network needed.")
    boolean local;

    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "The texts to embed; without them, stdin, one text per line.")
    List<String> texts;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        boolean json = jsonOutput(output);
        if (dimensions != null && dimensions < 1) {
            throw new UserError(ExitCode.USAGE, "--dimensions must be at least 1", "for Titan v2 use 256, 512 or 1024");
        }
        EmbeddingOptions options = new EmbeddingOptions(dimensions, normalize, inputType == null ? null : inputType(inputType));
        List<String> input = texts == null || texts.isEmpty() ? stdinLines() : texts;
        PrintWriter out = spec.commandLine().getOut();
        Settings settings = Settings.standard();
        try (BedrockTarget target = BedrockTarget.of(aws, local, settings)) {
            ModelRef ref = target.model(model);
            Pricing prices = ModelPrices.of(ref, settings);
            if (local) {
                target.startLocal(spec.commandLine().getErr(), "deterministic vectors, not a real model's");
            }
            EmbeddingResponse response;
            try (BedrockEmbeddingModel embeddings = target.embeddingModel(ref)) {
                response = embeddings.embed(new EmbeddingRequest(ref.modelId(), input, options));
            }
            Double cost = prices == null ? null : cost(prices, response);
            out.println(json ? json(response, cost) : summary(response, input, cost));
            out.flush();
            return ExitCode.OK;
        }
    }

    /** --output of `embed` and `count-tokens`: true for json, false for text. */
    static boolean jsonOutput(String output) {
        return switch (output.toLowerCase(Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new UserError(ExitCode.USAGE, "--output must be text or json, not " + output,
                    "for scripts use --output json");
        };
    }

    private static EmbeddingInputType inputType(String text) {
        return EmbeddingInputType.parse(text).orElseThrow(() -> new UserError(ExitCode.USAGE,
                "--input-type must be search_document, search_query, classification or clustering, not " + text,
                "embed a corpus as search_document and the questions against it as search_query"));
    }

    /** One text per line; blank lines are skipped, since an empty text has no vector. */
    private List<String> stdinLines() {
        if (System.console() != null) {
            throw noText();
        }
        String piped;
        try {
            piped = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stdin", e);
        }
        List<String> lines = new ArrayList<>();
        piped.lines().filter(line -> !line.isBlank()).forEach(lines::add);
        if (lines.isEmpty()) {
            throw noText();
        }
        return lines;
    }

    private static UserError noText() {
        return new UserError(ExitCode.USAGE, "no text to embed",
                "pass texts as arguments: basalt embed \"first\" \"second\", or pipe them on stdin, one per line");
    }

    /**
     * The response as one JSON object; the vectors are written here, number by number, rather than
     * boxed into lists for {@link JsonLine} (2048 texts of 1536 floats would be three million objects).
     */
    static String json(EmbeddingResponse response, Double cost) {
        String head = JsonLine.object("model", response.modelId(), "dimensions", response.dimensions(),
                "input_tokens", response.inputTokens(), "cost_usd", cost);
        StringBuilder out = new StringBuilder(head.length() + response.embeddings().size() * response.dimensions() * 12);
        out.append(head, 0, head.length() - 1).append(",\"vectors\":[");
        for (int i = 0; i < response.embeddings().size(); i++) {
            out.append(i == 0 ? "[" : ",[");
            float[] vector = response.embeddings().get(i).vector();
            for (int j = 0; j < vector.length; j++) {
                if (j > 0) {
                    out.append(',');
                }
                out.append(vector[j]);
            }
            out.append(']');
        }
        return out.append("]}").toString();
    }

    /** A line for the whole response, then one per text: its first components and the text's start. */
    static String summary(EmbeddingResponse response, List<String> texts, Double cost) {
        int count = response.embeddings().size();
        StringBuilder out = new StringBuilder();
        out.append(count).append(count == 1 ? " vector" : " vectors").append(" of ").append(response.dimensions())
                .append(" dimensions from ").append(response.modelId()).append(", ").append(response.inputTokens())
                .append(" input tokens");
        if (cost != null) {
            out.append(", $").append(BigDecimal.valueOf(cost).stripTrailingZeros().toPlainString());
        }
        for (int i = 0; i < count; i++) {
            Embedding embedding = response.embeddings().get(i);
            float[] vector = embedding.vector();
            StringBuilder start = new StringBuilder("[");
            for (int j = 0; j < Math.min(3, vector.length); j++) {
                start.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%+.4f", vector[j]));
            }
            start.append(", ...]");
            out.append(System.lineSeparator()).append(String.format(Locale.ROOT, "%4d  %s  |v|=%.3f  %s", i + 1, start,
                    embedding.norm(), abbreviate(texts.get(i))));
        }
        return out.toString();
    }

    /**
     * What the input tokens cost at the model's input price (embeddings bill nothing else), kept to
     * 1e-10 USD: a few tokens cost well under the millionth of a dollar chat costs are rounded to.
     */
    static double cost(Pricing prices, EmbeddingResponse response) {
        return Math.round(prices.cost(new Usage(response.inputTokens(), 0, 0, 0)) * 1e10) / 1e10;
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 40 ? line.substring(0, 39) + "…" : line;
    }
}

package dev.basalt.bedrock.internal;

import dev.basalt.core.EmbeddingInputType;
import dev.basalt.core.EmbeddingOptions;
import dev.basalt.core.EmbeddingRequest;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * The InvokeModel body of each embedding family Basalt calls, and the limits Bedrock documents for
 * it, checked before sending:
 * <ul>
 * <li>Titan Text Embeddings v2: one text per call, at most 50,000 characters; 256, 512 or 1024
 *     dimensions (default 1024); {@code normalize} (default true).
 * <li>Titan Embeddings G1 - Text (v1): one text per call; 1536 dimensions; no options.
 * <li>Cohere Embed v3 (English, multilingual): at most 96 texts per call of at most 2048 characters;
 *     1024 dimensions; {@code input_type} required (sent as {@code search_document} when unset).
 * <li>Cohere Embed v4: as v3, but texts of up to 128,000 tokens (no character limit of its own);
 *     {@code output_dimension} 256, 512, 1024 or 1536 (default 1536); asked for float vectors through
 *     {@code embedding_types}, it answers them by type ({@code "embeddings": {"float": [...]}}).
 * </ul>
 */
public enum EmbeddingFormat {
    TITAN_V2("Titan Text Embeddings v2", 1, 50_000, List.of(1024, 512, 256), true, false),
    TITAN_V1("Titan Embeddings G1 - Text", 1, 0, List.of(1536), false, false),
    COHERE_V3("Cohere Embed v3", 96, 2048, List.of(1024), false, true),
    COHERE_V4("Cohere Embed v4", 96, 0, List.of(1536, 1024, 512, 256), false, true);

    /** The models each format serves: their ids without a region or geography prefix. */
    private static final Pattern TITAN_V2_ID = Pattern.compile("^amazon\\.titan-embed-text-v2(:\\d+)?$");
    private static final Pattern TITAN_V1_ID = Pattern.compile("^amazon\\.titan-embed-(text-v1|g1-text-02)(:\\d+)?$");
    private static final Pattern COHERE_V3_ID = Pattern.compile("^cohere\\.embed-(english|multilingual)-v3(:\\d+)?$");
    private static final Pattern COHERE_V4_ID = Pattern.compile("^cohere\\.embed-v4(:\\d+)?$");
    private static final Set<String> GEOGRAPHIES = Set.of("us", "eu", "apac", "global", "us-gov", "jp", "au", "ca");
    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    private final String displayName;
    private final int textsPerCall;
    private final int maxCharacters;
    private final List<Integer> dimensions;
    private final boolean normalizeOption;
    private final boolean inputTypeOption;

    EmbeddingFormat(String displayName, int textsPerCall, int maxCharacters, List<Integer> dimensions,
            boolean normalizeOption, boolean inputTypeOption) {
        this.displayName = displayName;
        this.textsPerCall = textsPerCall;
        this.maxCharacters = maxCharacters;
        this.dimensions = dimensions;
        this.normalizeOption = normalizeOption;
        this.inputTypeOption = inputTypeOption;
    }

    /** The format of {@code modelId} (a model id, a profile id or a foundation-model ARN), if Basalt knows it. */
    public static Optional<EmbeddingFormat> of(String modelId) {
        String id = modelId.strip().toLowerCase(Locale.ROOT);
        id = id.substring(id.lastIndexOf('/') + 1);   // an ARN's resource
        int dot = id.indexOf('.');
        if (dot > 0 && GEOGRAPHIES.contains(id.substring(0, dot))) {
            id = id.substring(dot + 1);
        }
        if (TITAN_V2_ID.matcher(id).matches()) {
            return Optional.of(TITAN_V2);
        }
        if (TITAN_V1_ID.matcher(id).matches()) {
            return Optional.of(TITAN_V1);
        }
        if (COHERE_V3_ID.matcher(id).matches()) {
            return Optional.of(COHERE_V3);
        }
        return COHERE_V4_ID.matcher(id).matches() ? Optional.of(COHERE_V4) : Optional.empty();
    }

    /** The format of the request's model, or a one-line refusal naming the models that work. */
    public static EmbeddingFormat require(String modelId) {
        return of(modelId).orElseThrow(() -> invalid(modelId + " is not an embedding model Basalt can call",
                "use titan-embed (amazon.titan-embed-text-v2:0), titan-embed-v1, cohere-embed-english, cohere-embed-multilingual"
                        + " or cohere-embed-v4"));
    }

    public int textsPerCall() {
        return textsPerCall;
    }

    /** Whether the model takes {@code normalize}; for the others Basalt normalises when asked. */
    public boolean takesNormalize() {
        return normalizeOption;
    }

    /** Refuses, before anything is sent, what the model cannot take. */
    public void check(EmbeddingRequest request) {
        EmbeddingOptions options = request.options();
        if (options.dimensions() != null && !dimensions.contains(options.dimensions())) {
            throw invalid(displayName + " makes vectors of " + joined(dimensions) + " dimensions, not " + options.dimensions(),
                    dimensions.size() > 1 ? "use one of " + joined(dimensions)
                            : "leave dimensions unset, or use amazon.titan-embed-text-v2:0 for 256, 512 or 1024");
        }
        if (options.inputType() != null && !inputTypeOption) {
            throw invalid(displayName + " takes no input type (only Cohere Embed does)", "leave the input type unset");
        }
        List<String> texts = request.texts();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            String which = texts.size() == 1 ? "the text" : "text " + (i + 1) + " of " + texts.size();
            if (text.isBlank()) {
                throw invalid(which + " is empty", "remove empty texts: each one would need a vector of its own");
            }
            if (maxCharacters > 0 && text.length() > maxCharacters) {
                throw invalid(which + " has " + text.length() + " characters; " + displayName + " takes at most " + maxCharacters,
                        "split it into smaller pieces" + (this == COHERE_V3 ? ", or use titan-embed (50,000 characters)" : ""));
            }
        }
    }

    /** The InvokeModel body for one call's texts (one text unless the format batches). */
    public String body(List<String> texts, EmbeddingOptions options) {
        Map<String, Document> body = new LinkedHashMap<>();
        if (isCohere()) {
            List<Document> list = new ArrayList<>(texts.size());
            texts.forEach(t -> list.add(Document.fromString(t)));
            body.put("texts", Document.fromList(list));
            EmbeddingInputType type = options.inputType() == null ? EmbeddingInputType.SEARCH_DOCUMENT : options.inputType();
            body.put("input_type", Document.fromString(type.wireName()));
            if (this == COHERE_V4) {
                body.put("embedding_types", Document.fromList(List.of(Document.fromString("float"))));
                if (options.dimensions() != null) {
                    body.put("output_dimension", Document.fromNumber(SdkNumber.fromInteger(options.dimensions())));
                }
            }
        } else {
            body.put("inputText", Document.fromString(texts.get(0)));
            if (this == TITAN_V2 && options.dimensions() != null) {
                body.put("dimensions", Document.fromNumber(SdkNumber.fromInteger(options.dimensions())));
            }
            if (this == TITAN_V2 && options.normalize() != null) {
                body.put("normalize", Document.fromBoolean(options.normalize()));
            }
        }
        return JsonDocuments.write(Document.fromMap(body));
    }

    /**
     * The vectors of one call's answer, as many as it had texts.
     *
     * @throws ModelException when the answer is not what the family answers
     */
    public Answer answer(byte[] json, int texts) {
        JsonNode root;
        try {
            root = PARSER.parse(json);
        } catch (RuntimeException e) {
            throw unexpected("an answer that is not JSON", e);
        }
        List<float[]> vectors = new ArrayList<>(texts);
        if (isCohere()) {
            // v3 answers a list of float vectors; asked by type (as v4 is), an object of lists per type
            JsonNode embeddings = root.field("embeddings")
                    .flatMap(e -> e.isObject() ? e.field("float") : Optional.of(e)).filter(JsonNode::isArray)
                    .orElseThrow(() -> unexpected("no embeddings in its answer", null));
            embeddings.asArray().forEach(v -> vectors.add(floats(v)));
        } else {
            vectors.add(floats(root.field("embedding").orElseThrow(() -> unexpected("no embedding in its answer", null))));
        }
        if (vectors.size() != texts) {
            throw unexpected(vectors.size() + " vectors for " + texts + " texts", null);
        }
        int tokens = root.field("inputTextTokenCount").filter(JsonNode::isNumber)
                .map(n -> new BigDecimal(n.asNumber()).intValue()).orElse(0);
        return new Answer(vectors, tokens);
    }

    /**
     * One call's vectors and, for Titan, the token count from its body (Cohere's is only in the
     * {@code X-Amzn-Bedrock-Input-Token-Count} header).
     */
    public record Answer(List<float[]> vectors, int bodyTokens) {
    }

    private boolean isCohere() {
        return this == COHERE_V3 || this == COHERE_V4;
    }

    private float[] floats(JsonNode node) {
        if (!node.isArray()) {
            throw unexpected("a vector that is not a list of numbers", null);
        }
        List<JsonNode> items = node.asArray();
        float[] vector = new float[items.size()];
        for (int i = 0; i < vector.length; i++) {
            JsonNode item = items.get(i);
            if (!item.isNumber()) {
                throw unexpected("a vector that is not a list of numbers", null);
            }
            vector[i] = Float.parseFloat(item.asNumber());
        }
        return vector;
    }

    private ModelException unexpected(String what, Throwable cause) {
        return new ModelException(ErrorKind.INTERNAL, "Bedrock sent " + what + " for " + displayName,
                "run again with --debug and report it", cause);
    }

    private static String joined(List<Integer> values) {
        if (values.size() == 1) {
            return String.valueOf(values.get(0));
        }
        List<Integer> ascending = values.stream().sorted().toList();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ascending.size(); i++) {
            out.append(i == 0 ? "" : i == ascending.size() - 1 ? " or " : ", ").append(ascending.get(i));
        }
        return out.toString();
    }

    private static ModelException invalid(String message, String hint) {
        return new ModelException(ErrorKind.VALIDATION, message, hint);
    }
}

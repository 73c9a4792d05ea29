package dev.basalt.bedrock;

import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the user typed for a model, resolved to the id Bedrock is called with (and the region, when
 * the reference names one). Accepts catalog aliases ({@code sonnet}), {@code bedrock:<alias or id>},
 * plain Bedrock ids, inference-profile ids ({@code us.}, {@code eu.}, {@code apac.}, {@code global.},
 * {@code us-gov.}, {@code jp.}, {@code au.}), ARNs, and {@code custom:<region>:<id>} where the id may
 * also be an Amazon Q Developer id such as {@code CLAUDE_3_7_SONNET_20250219_V1_0}.
 *
 * @param modelId the id to send (a profile id when the model needs one in {@code region})
 * @param region  the region the reference pins, or null to keep the caller's
 * @param model   the catalog entry, when known
 */
public record ModelRef(String modelId, String region, Optional<CatalogModel> model) {

    private static final Pattern GEOGRAPHY = Pattern.compile("^(us-gov|us|eu|apac|global|jp|au|ca)\\.(.+)$");
    /**
     * A foundation-model id starts with its provider (Bedrock's list of model providers); without
     * that, input such as {@code gpt-4.1} or {@code claude-sonet-4.5} is a typo to correct here,
     * not an id for Bedrock to call "invalid".
     */
    private static final Pattern BEDROCK_ID = Pattern.compile("^(ai21|amazon|anthropic|cohere|deepseek|google|luma|meta|minimax"
            + "|mistral|moonshot|moonshotai|nvidia|openai|qwen|stability|twelvelabs|writer|zai)\\.[a-z0-9][a-z0-9.:_-]*$");
    private static final Pattern ARN = Pattern.compile(
            "^arn:aws(-[a-z]+)*:bedrock:([a-z0-9-]*):(\\d{12})?:(foundation-model|inference-profile|application-inference-profile|provisioned-model|custom-model)/.+$");
    private static final Pattern Q_ID = Pattern.compile("^CLAUDE_[A-Z0-9_]+_V(\\d+)_(\\d+)$");

    /** Resolves {@code input} for calls in {@code region}. Unknown input fails with the closest matches. */
    public static ModelRef parse(String input, String region, ModelCatalog catalog) {
        if (input == null || input.isBlank()) {
            throw invalid("no model given", "pass --model, e.g. --model sonnet", null);
        }
        String text = input.strip();
        if (text.startsWith("custom:")) {
            String[] parts = text.split(":", 3);
            if (parts.length != 3 || parts[1].isBlank() || parts[2].isBlank()) {
                throw invalid("'" + text + "' is not custom:<region>:<id>", "for example custom:us-west-2:CLAUDE_SONNET_4_20250514_V1_0", null);
            }
            if (!AwsRegions.shaped(parts[1])) {
                throw AwsRegions.unknown(parts[1], "custom:us-west-2:" + parts[2]);
            }
            String id = fromQDeveloper(parts[2]).orElse(parts[2]);
            ModelRef inner = parse(id, parts[1], catalog);
            return new ModelRef(inner.modelId(), parts[1], inner.model());
        }
        if (text.startsWith("bedrock:")) {
            return parse(text.substring("bedrock:".length()), region, catalog);
        }
        Matcher arn = ARN.matcher(text);
        if (arn.matches()) {
            String arnRegion = arn.group(2).isEmpty() ? null : arn.group(2);
            String tail = text.substring(text.indexOf('/') + 1);
            return new ModelRef(text, arnRegion, catalog.find(tail));
        }
        Optional<String> fromQ = fromQDeveloper(text);
        if (fromQ.isPresent()) {
            return parse(fromQ.get(), region, catalog);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (GEOGRAPHY.matcher(lower).matches() && BEDROCK_ID.matcher(withoutGeography(lower)).matches()) {
            return new ModelRef(lower, null, catalog.find(lower));
        }
        Optional<CatalogModel> known = catalog.find(lower);
        if (known.isPresent()) {
            CatalogModel m = known.get();
            return new ModelRef(m.profileRequired() ? profileId(m, region) : m.id(), null, known);
        }
        if (BEDROCK_ID.matcher(lower).matches()) {
            return new ModelRef(lower, null, Optional.empty()); // a model newer than the catalog
        }
        throw invalid("unknown model '" + text + "'", "closest: " + String.join(", ", closest(lower, catalog))
                + " (`basalt models` lists them all)", null);
    }

    /**
     * The inference-profile id of {@code model} for the geography of {@code region} (or its global
     * profile), its plain id when it has no profiles; a one-line {@link ErrorKind#MODEL_NOT_FOUND}
     * when none of its profiles serves the region.
     */
    public static String profileId(CatalogModel model, String region) {
        String inRegion = region == null ? "us-east-1" : region;
        if (model.profiles().isEmpty()) {
            return model.id();
        }
        return profileIn(model, inRegion).orElseThrow(() -> new ModelException(ErrorKind.MODEL_NOT_FOUND,
                model.name() + " is not offered in " + inRegion + ": Bedrock serves it through " + profilesOf(model) + " only",
                "pick a region there, e.g. --region " + exampleRegion(model.profiles().get(0))));
    }

    /**
     * Where the catalog says Bedrock serves {@code modelId} (any id form), for a hint after Bedrock
     * did not find it: "Claude Opus 4.1 is served through its us inference profile, e.g. --region
     * us-east-1". Empty for models the catalog does not know or lists without profiles.
     */
    public static Optional<String> whereServed(String modelId) {
        return ModelCatalog.bundled().find(modelId).filter(m -> !m.profiles().isEmpty())
                .map(m -> m.name() + " is served through " + profilesOf(m) + ", e.g. --region " + exampleRegion(m.profiles().get(0)));
    }

    private static String profilesOf(CatalogModel model) {
        return "its " + String.join(", ", model.profiles()) + " inference profile" + (model.profiles().size() > 1 ? "s" : "");
    }

    /**
     * The profile id of {@code model} that serves {@code region}: its geography's (apac for Tokyo),
     * else a national one that covers the region (jp, au), else the global one (not in GovCloud).
     */
    static Optional<String> profileIn(CatalogModel model, String region) {
        String geography = geography(region);
        if (model.profiles().contains(geography)) {
            return Optional.of(geography + "." + model.id());
        }
        for (String national : model.profiles()) {
            if (!national.equals("global") && serves(national, region)) {
                return Optional.of(national + "." + model.id());
            }
        }
        if (model.profiles().contains("global") && !geography.equals("us-gov")) {
            return Optional.of("global." + model.id());
        }
        return Optional.empty();
    }

    /** The geography prefix of a profile id ({@code us}, {@code eu}, {@code global}, ...), or null for any other id. */
    static String geographyOf(String modelId) {
        Matcher m = GEOGRAPHY.matcher(modelId.toLowerCase(Locale.ROOT));
        return m.matches() ? m.group(1) : null;
    }

    /** Whether a profile of {@code geography} can be called from {@code region}. */
    static boolean serves(String geography, String region) {
        return switch (geography) {
            case "global" -> !region.startsWith("us-gov-");
            case "jp" -> region.equals("ap-northeast-1") || region.equals("ap-northeast-3");
            case "au" -> region.equals("ap-southeast-2") || region.equals("ap-southeast-4");
            default -> geography(region).equals(geography);
        };
    }

    private static String exampleRegion(String geography) {
        return switch (geography) {
            case "eu" -> "eu-central-1";
            case "apac", "jp" -> "ap-northeast-1";
            case "au" -> "ap-southeast-2";
            case "us-gov" -> "us-gov-west-1";
            default -> "us-east-1";
        };
    }

    /** The cross-region inference geography a region belongs to. */
    public static String geography(String region) {
        if (region.startsWith("us-gov-")) {
            return "us-gov";
        }
        if (region.startsWith("eu-")) {
            return "eu";
        }
        if (region.startsWith("ap-")) {
            return "apac";
        }
        return "us";
    }

    static String withoutGeography(String id) {
        Matcher m = GEOGRAPHY.matcher(id);
        return m.matches() ? m.group(2) : id;
    }

    /** CLAUDE_3_7_SONNET_20250219_V1_0 -> anthropic.claude-3-7-sonnet-20250219-v1:0 */
    static Optional<String> fromQDeveloper(String id) {
        Matcher m = Q_ID.matcher(id);
        if (!m.matches()) {
            return Optional.empty();
        }
        String body = id.substring(0, id.lastIndexOf("_V")).toLowerCase(Locale.ROOT).replace('_', '-');
        return Optional.of("anthropic." + body + "-v" + m.group(1) + ":" + m.group(2));
    }

    static List<String> closest(String input, ModelCatalog catalog) {
        return catalog.models().stream()
                .flatMap(m -> Stream.concat(m.aliases().stream(), Stream.of(m.id())))
                .sorted(Comparator.comparingInt((String c) -> distance(input, c)).thenComparing(c -> c))
                .limit(3)
                .toList();
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }

    private static ModelException invalid(String message, String hint, Throwable cause) {
        return new ModelException(ErrorKind.CONFIGURATION, message, hint, cause);
    }
}

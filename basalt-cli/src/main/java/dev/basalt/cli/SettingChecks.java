package dev.basalt.cli;

import dev.basalt.agent.Tool;
import dev.basalt.agent.tools.BuiltinTools;
import dev.basalt.bedrock.AwsRegions;
import dev.basalt.bedrock.ModelCatalog;
import dev.basalt.bedrock.ModelRef;
import dev.basalt.core.ModelException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks of the settings given as plain text, made when `config set` writes one and when a chat
 * reads one (a file edited by hand), so a bad value is refused where it is set, not by every chat.
 * Each throws IllegalArgumentException saying what is wrong; the caller names the setting and where.
 */
final class SettingChecks {

    /** us-east-1, eu-central-2, us-gov-west-1, us-iso-east-1, us-isob-east-1, ap-southeast-5 ... */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern MCP_TOOL = Pattern.compile("mcp__[A-Za-z0-9_-]{1,32}__.+");

    private SettingChecks() {
    }

    /** Checks {@code value} for {@code key}; keys without a check take any non-blank text. */
    static void check(String key, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("cannot be empty");
        }
        switch (key) {
            case "region" -> region(value);
            case "fallbackRegions" -> items(value).forEach(SettingChecks::region);
            case "chat.defaultModel" -> model(value);
            case "tools.trusted" -> items(value).forEach(SettingChecks::tool);
            case "tools.addDirs" -> items(value).forEach(SettingChecks::directory);
            case "endpoint" -> httpUrl(value);
            default -> {
                // any text
            }
        }
    }

    /**
     * A doubt about a value {@link #check} accepts: a region shaped like one that this Basalt does not
     * know. Said, not refused: it may be mistyped (us-eest-1), or newer than Basalt's list of regions.
     */
    static Optional<String> doubt(String key, String value) {
        List<String> regions = switch (key) {
            case "region" -> List.of(value.strip());
            case "fallbackRegions" -> items(value);
            default -> List.of();
        };
        return regions.stream().filter(region -> !AwsRegions.known(region)).findFirst().map(region -> {
            List<String> closest = AwsRegions.closest(region);
            String fixed = regions.stream().map(r -> r.equals(region) ? closest.get(0) : r).collect(Collectors.joining(","));
            return "'" + region + "' is not a region this Basalt knows (closest: " + String.join(", ", closest)
                    + "); kept in case it is newer than Basalt, else fix it with basalt config set " + key + " " + fixed;
        });
    }

    /** A value to write in place of a bad one. */
    static String example(String key) {
        return switch (key) {
            case "region" -> "us-east-1";
            case "fallbackRegions" -> "us-west-2,us-east-2";
            case "chat.defaultModel" -> "sonnet";
            case "tools.trusted" -> "edit_file,bash";
            case "tools.addDirs" -> "/path/to/dir";
            case "endpoint" -> "https://bedrock-runtime.us-east-1.amazonaws.com";
            case "profile" -> "default";
            default -> "VALUE";
        };
    }

    static List<String> items(String value) {
        return List.of(value.split("\\s*,\\s*")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static Set<String> builtinTools() {
        return BuiltinNames.ALL;
    }

    /** Made once, on the first check: the names never change, and making the tools to ask them is not free. */
    private static final class BuiltinNames {
        static final Set<String> ALL = Collections.unmodifiableSortedSet(
                BuiltinTools.all().stream().map(Tool::name).collect(Collectors.toCollection(TreeSet<String>::new)));
    }

    /** A built-in tool's name, or an MCP server's tool: mcp__&lt;server&gt;__&lt;tool&gt;. */
    static void tool(String name) {
        if (!builtinTools().contains(name) && !MCP_TOOL.matcher(name).matches()) {
            throw new IllegalArgumentException("no tool named " + name + "; tools are " + String.join(", ", builtinTools())
                    + ", and mcp__<server>__<tool> for the servers in mcp.servers");
        }
    }

    private static void region(String region) {
        if (!REGION.matcher(region.strip()).matches()) {
            throw new IllegalArgumentException("'" + region + "' is not an AWS region (like us-east-1 or us-gov-west-1)");
        }
    }

    private static void model(String model) {
        try {
            ModelRef.parse(model.strip(), "us-east-1", ModelCatalog.bundled());
        } catch (ModelException e) {
            throw new IllegalArgumentException(e.userMessage());
        }
    }

    private static void directory(String dir) {
        if (!Files.isDirectory(Path.of(dir))) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
    }

    /** An http or https URL with a host. */
    static URI httpUrl(String url) {
        try {
            URI uri = URI.create(url.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + url + "' is not an http(s) URL");
    }
}

package dev.basalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cli.mcp.McpServerConfig;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The entries of a project's {@code .basalt/settings.json} that a cloned repository must not get
 * without the user's say: those that run commands (MCP servers), let tools act without asking or
 * outside the working directory, send requests and credentials elsewhere (endpoint, profile, API
 * key), or loosen a cost limit (prices, chat.maxCost). They apply once the user has trusted the
 * project; the trust is kept in the user's settings under the project's real path with a hash of
 * these entries, so a changed file asks again.
 *
 * @param dir     the project's directory, as its real path
 * @param entries the project file's entries that need trust, by key
 */
record ProjectTrust(Path dir, ObjectNode entries) {

    /** Where the user's settings keep each project's answer: {@code {"<dir>": {"sha256": "...", "trusted": true}}}. */
    static final String TRUSTED_PROJECTS = "trustedProjects";

    static boolean needsTrust(String key) {
        return key.equals(Settings.MCP_SERVERS) || key.equals("tools.trusted") || key.equals("tools.addDirs")
                || key.equals("endpoint") || key.equals("profile") || key.equals(Settings.API_KEY)
                || key.equals("chat.maxCost") || key.startsWith(Settings.PRICING);
    }

    /** What the user's answer is recorded against: these entries, whatever order the file has them in. */
    String hash() {
        TreeMap<String, String> sorted = new TreeMap<>();
        entries.properties().forEach(entry -> sorted.put(entry.getKey(), entry.getValue().toString()));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sorted.forEach((key, value) -> sha.update((key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** One line per entry, saying what it would do; secrets masked. */
    List<String> wants() {
        List<String> lines = new ArrayList<>();
        entries.properties().forEach(entry -> {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            String text = value.isValueNode() ? value.asText() : value.toString();
            switch (key) {
                case Settings.MCP_SERVERS -> value.properties().forEach(server -> lines.add(server(server.getKey(), server.getValue())));
                case "tools.trusted" -> lines.add("run these tools without asking: " + text);
                case "tools.addDirs" -> lines.add("let tools use these directories: " + text);
                case "endpoint" -> lines.add("send your requests to " + text);
                case "profile" -> lines.add("sign requests with AWS profile " + text);
                case Settings.API_KEY -> lines.add("use its Bedrock API key " + Settings.masked(text));
                default -> lines.add("set " + key + " to " + text);
            }
        });
        return lines;
    }

    private static String server(String name, JsonNode entry) {
        try {
            McpServerConfig config = McpServerConfig.parse(name, entry);
            if (config instanceof McpServerConfig.Stdio stdio) {
                return "start MCP server " + name + ": " + String.join(" ", prepend(stdio.command(), stdio.args()));
            }
            return "connect to MCP server " + name + " at " + ((McpServerConfig.Remote) config).shownUrl();
        } catch (IllegalArgumentException e) {
            return "start MCP server " + name + ": " + entry;
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /** The keys of the entries, for one line. */
    String keys() {
        List<String> keys = new ArrayList<>();
        entries.fieldNames().forEachRemaining(keys::add);
        return String.join(", ", keys);
    }

    /**
     * Decides, before anything of the settings is used, whether an untrusted project's entries apply:
     * on a terminal ({@code mayAsk}) the user is asked once and the answer kept; otherwise, or after a
     * no, {@code warn} gets one line saying how to trust the project.
     */
    static void settle(Settings settings, boolean mayAsk, Consumer<String> warn) {
        ProjectTrust project = settings.untrustedProject().orElse(null);
        if (project == null) {
            return;
        }
        if (mayAsk && !settings.refused(project)) {
            Boolean answer = ask(project);
            if (answer != null) {
                settings.recordTrust(project, answer);
                if (answer) {
                    return;
                }
            }
        }
        warn.accept("basalt: " + project.keys() + " from " + project.dir().resolve(".basalt/settings.json")
                + " are ignored until you trust this project (basalt config trust-project)");
    }

    /** True or false as the user answers on the terminal; null when there is no terminal to ask on. */
    private static Boolean ask(ProjectTrust project) {
        try (FileInputStream input = new FileInputStream("/dev/tty");
             PrintStream out = new PrintStream(new FileOutputStream("/dev/tty"), true, StandardCharsets.UTF_8)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
            out.println("This project's .basalt/settings.json (" + project.dir() + ") wants to:");
            project.wants().forEach(line -> out.println("  " + line));
            out.print("Trust this project? [y/N] ");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            String answer = line.strip().toLowerCase(Locale.ROOT);
            return answer.equals("y") || answer.equals("yes");
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}

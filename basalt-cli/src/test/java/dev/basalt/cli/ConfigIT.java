package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.emulator.Emulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings written by `basalt config` and read by `basalt chat`, with flags and environment on top. */
class ConfigIT {

    @TempDir
    Path home;

    BasaltProcess basalt() {
        return new BasaltProcess(home).env("BASALT_HOME", home.resolve("data").toString());
    }

    @Test
    void setGetListUnsetWithAPrivateFile() throws Exception {
        assertThat(basalt().run("config", "set", "chat.defaultModel", "haiku").exitCode()).isZero();

        assertThat(basalt().run("config", "get", "chat.defaultModel").stdout()).isEqualTo("haiku\n");
        assertThat(basalt().run("config", "list").stdout()).contains("chat.defaultModel").contains("haiku (user)");
        Path file = home.resolve("data/settings.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        assertThat(basalt().run("config", "unset", "chat.defaultModel").stdout()).contains("unset chat.defaultModel");
        BasaltProcess.Result missing = basalt().run("config", "get", "chat.defaultModel");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("not set");
    }

    @Test
    void listLinesUpItsColumnsWhateverTheLongestKey() {
        assertThat(basalt().run("config", "set", "chat.thinkingBudget", "2048").exitCode()).isZero();
        assertThat(basalt().run("config", "set", "region", "eu-west-1").exitCode()).isZero();

        List<String> lines = basalt().run("config", "list").stdout().lines().toList();

        // where each line's meaning starts, for settings whose value fits its column
        List<Integer> meanings = Map.of("chat.defaultModel", "model used when", "region", "AWS region when",
                        "chat.thinkingBudget", "extended thinking budget", "chat.guardrail", "Bedrock guardrail", "mcp.servers", "MCP servers")
                .entrySet().stream()
                .map(e -> lines.stream().filter(l -> l.startsWith(e.getKey() + " ")).findFirst().orElseThrow().indexOf(e.getValue()))
                .toList();
        assertThat(meanings).as(String.join("\n", lines)).containsOnly(meanings.get(0));
        assertThat(lines).anyMatch(l -> l.startsWith("chat.thinkingBudget  2048 (user)"));
    }

    @Test
    void aRegionShapedRightButUnknownIsKeptWithOneLineNamingTheClosest() {
        BasaltProcess.Result typo = basalt().run("config", "set", "region", "us-eest-1");
        BasaltProcess.Result fallbacks = basalt().run("config", "set", "fallbackRegions", "us-west-2,eu-wset-1");
        BasaltProcess.Result known = basalt().run("config", "set", "region", "us-east-1");

        assertThat(typo.exitCode()).isZero();
        assertThat(typo.stderrLines()).containsExactly("basalt: 'us-eest-1' is not a region this Basalt knows (closest: us-east-1, "
                + "us-west-1, us-east-2); kept in case it is newer than Basalt, else fix it with basalt config set region us-east-1");
        assertThat(fallbacks.stderrLines()).singleElement().asString().startsWith("basalt: 'eu-wset-1' is not a region")
                .endsWith("basalt config set fallbackRegions us-west-2,eu-west-1");
        assertThat(known.stderr()).isEmpty();
        assertThat(basalt().run("config", "get", "region").stdout()).isEqualTo("us-east-1\n");
    }

    @Test
    void unknownKeysAreRefusedWithTheListOfKeys() {
        BasaltProcess.Result result = basalt().run("config", "set", "colour", "blue");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderrLines()).singleElement().asString().contains("unknown setting colour").contains("chat.defaultModel");
    }

    @Test
    void settingsFeedChatAndFlagsWinOverThem() {
        try (Emulator emulator = Emulator.builder().port(0).credentials("AKIDCONFIG", "config-secret").start()) {
            basalt().run("config", "set", "endpoint", emulator.endpoint().toString());
            basalt().run("config", "set", "chat.defaultModel", "claude-haiku-3");
            basalt().run("config", "set", "region", "eu-west-1");
            BasaltProcess signed = basalt().env("AWS_ACCESS_KEY_ID", "AKIDCONFIG").env("AWS_SECRET_ACCESS_KEY", "config-secret");

            BasaltProcess.Result fromSettings = signed.run("chat", "from settings");
            BasaltProcess.Result fromFlag = signed.run("chat", "--model", "sonnet", "from a flag");

            assertThat(fromSettings.exitCode()).as(fromSettings.stderr()).isZero();
            assertThat(fromSettings.stdout()).isEqualTo("from settings\n");
            assertThat(fromFlag.exitCode()).as(fromFlag.stderr()).isZero();
            assertThat(emulator.recordedCalls()).extracting(c -> c.modelId()).containsExactly(
                    "anthropic.claude-3-haiku-20240307-v1:0", "eu.anthropic.claude-sonnet-4-6");
        }
    }
    @Test
    void objectSettingsTakeJsonCheckedBeforeAnythingIsWritten() {
        assertThat(basalt().run("config", "set", "mcp.servers.files",
                "{\"command\": \"npx\", \"args\": [\"-y\", \"x\"], \"env\": {\"TOKEN\": \"s3cret\"}}").exitCode()).isZero();
        assertThat(basalt().run("config", "set", "mcp.servers.docs",
                "{\"type\": \"http\", \"url\": \"https://mcp.example.com/mcp\", \"headers\": {\"Authorization\": \"Bearer h3ader\"}}")
                .exitCode()).isZero();
        assertThat(basalt().run("config", "set", "pricing.sonnet", "{\"input\": 3, \"output\": 15}").exitCode()).isZero();
        assertThat(basalt().run("config", "set", "chat.maxCost", "$0.50").exitCode()).isZero();

        assertThat(basalt().run("config", "get", "mcp.servers.files").stdout())
                .isEqualTo("{\"command\":\"npx\",\"args\":[\"-y\",\"x\"],\"env\":{\"TOKEN\":\"s3cret\"}}\n");
        assertThat(basalt().run("config", "get", "mcp.servers").stdout()).startsWith("{\"files\":{");
        assertThat(basalt().run("config", "get", "chat.maxCost").stdout()).isEqualTo("0.5\n");
        String list = basalt().run("config", "list").stdout();
        assertThat(list).contains("pricing.sonnet").contains("{\"input\":3,\"output\":15} (user)");
        assertThat(list).contains("\"TOKEN\":\"…\"").doesNotContain("s3cret"); // a listing does not show tokens
        assertThat(list).contains("\"Authorization\":\"…\"").doesNotContain("h3ader");

        BasaltProcess.Result noCommand = basalt().run("config", "set", "mcp.servers.bad", "{\"args\": []}");
        BasaltProcess.Result notJson = basalt().run("config", "set", "pricing.haiku", "cheap");
        BasaltProcess.Result negative = basalt().run("config", "set", "pricing.haiku", "{\"input\": -1, \"output\": 1}");
        BasaltProcess.Result notAmcpUrl = basalt().run("config", "set", "mcp.servers.web", "{\"type\": \"http\", \"url\": \"mcp.example.com\"}");
        BasaltProcess.Result notAnAmount = basalt().run("config", "set", "chat.maxCost", "lots");
        for (BasaltProcess.Result refused : List.of(noCommand, notJson, negative, notAnAmount, notAmcpUrl)) {
            assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(refused.stderrLines()).hasSize(1);
        }
        assertThat(noCommand.stderr()).contains("'command' is required").contains("for example basalt config set mcp.servers.bad");
        assertThat(notJson.stderr()).contains("pricing.haiku takes JSON");
        assertThat(notAmcpUrl.stderr()).contains("'url' must be an http or https URL with a host");
        assertThat(negative.stderr()).contains("'input' must be a number");
        assertThat(notAnAmount.stderr()).contains("chat.maxCost must be a positive amount of USD");
        assertThat(basalt().run("config", "get", "mcp.servers.bad").exitCode()).isNotZero();

        assertThat(basalt().run("config", "unset", "mcp.servers.files").stdout()).contains("unset mcp.servers.files");
        assertThat(basalt().run("config", "get", "mcp.servers.files").exitCode()).isNotZero();
    }

    @Test
    void projectAndUserServersAreMergedByNameTheProjectsWinning() throws Exception {
        Path work = home.resolve("work");
        Files.createDirectories(work);
        BasaltProcess inWork = basalt().directory(work);
        inWork.run("config", "set", "mcp.servers.a", "{\"command\": \"user-a\"}");
        inWork.run("config", "set", "mcp.servers.b", "{\"command\": \"user-b\"}");
        inWork.run("config", "set", "--project", "mcp.servers.a", "{\"command\": \"project-a\"}");

        BasaltProcess.Result merged = inWork.run("config", "get", "mcp.servers");

        assertThat(merged.stdout()).contains("\"a\":{\"command\":\"project-a\"}").contains("\"b\":{\"command\":\"user-b\"}");
        assertThat(Files.readString(work.resolve(".basalt/settings.json"))).contains("project-a").doesNotContain("user-b");
    }

    @Test
    void valuesEveryChatWouldFailOnAreRefusedWhenSetWithTheFix() {
        List<List<String>> bad = List.of(List.of("region", "not-a-region"), List.of("chat.defaultModel", "gpt-99"),
                List.of("tools.trusted", "foo"), List.of("tools.addDirs", "/nonexistent"), List.of("endpoint", "notaurl"),
                List.of("profile", ""), List.of("fallbackRegions", "us-west-2,mars-1"));
        for (List<String> setting : bad) {
            BasaltProcess.Result refused = basalt().run("config", "set", setting.get(0), setting.get(1));

            assertThat(refused.exitCode()).as(setting.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(refused.stderrLines()).as(setting.toString()).singleElement().asString()
                    .startsWith("basalt: " + setting.get(0) + ": ").contains("for example basalt config set " + setting.get(0));
        }
        assertThat(home.resolve("data/settings.json")).doesNotExist();

        for (List<String> good : List.of(List.of("region", "us-gov-west-1"), List.of("region", "us-isob-east-1"),
                List.of("chat.defaultModel", "haiku"), List.of("tools.trusted", "bash, mcp__files__read_file"),
                List.of("tools.addDirs", home.toString()), List.of("endpoint", "http://127.0.0.1:8000"), List.of("profile", "work"))) {
            BasaltProcess.Result accepted = basalt().run("config", "set", good.get(0), good.get(1));
            assertThat(accepted.exitCode()).as(accepted.stderr()).isZero();
        }
    }

    @Test
    void aBadValueEditedIntoASettingsFileIsNamedWithTheFileNotTheFlag() throws Exception {
        Path file = userSettings("{\"endpoint\": \"notaurl\"}");

        BasaltProcess.Result endpoint = basalt().run("chat", "--local", "hi");

        assertThat(endpoint.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(endpoint.stderrLines()).singleElement().asString()
                .contains("endpoint in " + file + ": 'notaurl' is not an http(s) URL")
                .contains("basalt config set endpoint https://").doesNotContain("--endpoint-url");

        Files.writeString(file, "{\"chat.defaultModel\": \"gpt-99\", \"region\": \"eu-west-1\"}");
        BasaltProcess.Result model = basalt().run("chat", "--local", "hi");
        assertThat(model.stderrLines()).singleElement().asString()
                .contains("chat.defaultModel in " + file + ": unknown model 'gpt-99'").doesNotContain("--model");

        Files.writeString(file, "{\"region\": \"not-a-region\"}");
        BasaltProcess.Result region = basalt().run("chat", "--local", "hi");
        assertThat(region.stderrLines()).singleElement().asString()
                .contains("region in " + file + ": 'not-a-region' is not an AWS region").doesNotContain("--region");
    }

    @Test
    void aListWrittenByHandAsAJsonArrayReadsAsTheListConfigSetWrites() throws Exception {
        userSettings("{\"tools.trusted\": [\"bash\", \"grep\"]}");

        BasaltProcess.Result got = basalt().run("config", "get", "tools.trusted");

        assertThat(got.exitCode()).as(got.stderr()).isZero();
        assertThat(got.stdout()).isEqualTo("bash,grep\n");
        BasaltProcess.Result chat = basalt().run("chat", "--local", "hi");
        assertThat(chat.exitCode()).as(chat.stderr()).isZero();
    }

    /** Writes the user settings file by hand, as a person editing it would; returns its path. */
    private Path userSettings(String json) throws Exception {
        Path file = home.resolve("data/settings.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }
}

package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `basalt emulator` in the foreground, used by a second `basalt` process as any client would. */
class EmulatorCommandIT {

    @TempDir
    Path home;

    @Test
    void servesChatToAnotherProcessAtTheUrlItPrints() throws Exception {
        Process emulator = new ProcessBuilder(java(), "-jar", BasaltProcess.jar().toString(),
                "emulator", "--port", "0", "--access-key-id", "AKIDFOREGROUND", "--secret-access-key", "fg-secret")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).startsWith("Bedrock emulator listening on http://127.0.0.1:");
            String url = first.substring(first.indexOf("http://"));
            String rest = out.readLine() + "\n" + out.readLine();
            assertThat(rest).contains("AKIDFOREGROUND").doesNotContain("fg-secret");

            BasaltProcess.Result result = new BasaltProcess(home)
                    .env("AWS_ACCESS_KEY_ID", "AKIDFOREGROUND").env("AWS_SECRET_ACCESS_KEY", "fg-secret")
                    .run("chat", "--endpoint-url", url, "over", "the", "wire");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo("over the wire\n");
        } finally {
            emulator.destroy();
            assertThat(emulator.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void portInUseIsOneLineWithTheFix() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            BasaltProcess.Result result = new BasaltProcess(home)
                    .run("emulator", "--port", String.valueOf(taken.getLocalPort()), "--no-auth");

            assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(result.stderrLines()).hasSize(1);
            assertThat(result.stderr()).contains("in use").contains("--port");
        }
    }

    @Test
    void refusesToStartWithNoWayToAuthenticate() {
        BasaltProcess.Result result = new BasaltProcess(home).run("emulator", "--port", "0");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).contains("--no-auth").contains("--access-key-id");
    }

    @Test
    void helpDocumentsEveryOption() {
        BasaltProcess.Result help = new BasaltProcess(home).run("emulator", "--help");

        assertThat(help.exitCode()).isZero();
        for (String option : List.of("--port", "--host", "--access-key-id", "--secret-access-key", "--api-key", "--no-auth",
                "--script", "--config", "--log", "--first-token-ms", "--tokens-per-second", "--throttle-rate", "--error-rate",
                "--rpm", "--tpm", "--fault", "--guardrail", "--region", "/_basalt/settings", "/_basalt/streams", "stream-exception",
                "truncated-frame", "corrupt-frame", "stall", "slow-read")) {
            assertThat(help.stdout()).contains(option);
        }
    }

    @Test
    void aBrokenScriptOrSettingsFileIsOneLineNamingWhatIsWrong() throws IOException {
        Path script = home.resolve("script.json");
        java.nio.file.Files.writeString(script, "{\"turns\":[{\"reply\":[{\"txt\":\"typo\"}]}]}");
        BasaltProcess.Result result = new BasaltProcess(home).run("emulator", "--port", "0", "--no-auth", "--script",
                script.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).contains("turns[0].reply[0]").contains("--help");

        Path settings = home.resolve("settings.json");
        java.nio.file.Files.writeString(settings, "{\"faults\":[{\"kind\":\"meteor\"}]}");
        BasaltProcess.Result bad = new BasaltProcess(home).run("emulator", "--port", "0", "--no-auth", "--config",
                settings.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.stderrLines()).hasSize(1);
        assertThat(bad.stderr()).contains("faults[0].kind");

        BasaltProcess.Result missing = new BasaltProcess(home).run("emulator", "--port", "0", "--no-auth", "--script",
                home.resolve("nope.json").toString());
        assertThat(missing.stderr()).contains("no such file");
    }

    @Test
    void aScriptedEmulatorDrivesBasaltsToolLoopAndLogsEveryCall() throws Exception {
        Path script = home.resolve("script.json");
        java.nio.file.Files.writeString(script, "{\"turns\":[{\"reply\":[{\"toolUse\":{\"name\":\"list_files\","
                + "\"input\":{}}}]},{\"reply\":[{\"text\":\"I listed the files.\"}]}]}");
        Path log = home.resolve("requests.jsonl");
        Process emulator = emulator("--no-auth", "--script", script.toString(), "--log", log.toString());
        try {
            String url = url(emulator);

            BasaltProcess.Result result = new BasaltProcess(home)
                    .env("AWS_ACCESS_KEY_ID", "AKIDANY").env("AWS_SECRET_ACCESS_KEY", "any-secret")
                    .run("chat", "--endpoint-url", url, "what files are here?");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).contains("I listed the files.");
            List<String> lines = java.nio.file.Files.readAllLines(log);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(1)).contains("\"toolResult\"").contains("I listed the files.");
        } finally {
            emulator.destroy();
            assertThat(emulator.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void faultsGivenAsFlagsStrikeAsAskedAndABadOneIsOneLine() throws Exception {
        Path log = home.resolve("requests.jsonl");
        Process emulator = emulator("--no-auth", "--fault", "stream-exception,afterEvents=1,times=1", "--log", log.toString());
        try {
            String url = url(emulator);

            BasaltProcess.Result result = new BasaltProcess(home)
                    .env("AWS_ACCESS_KEY_ID", "AKIDANY").env("AWS_SECRET_ACCESS_KEY", "any-secret")
                    .run("chat", "--endpoint-url", url, "--no-tools", "still", "answered");

            // the first stream broke before any text, so basalt asked again and the fault (times=1) was spent
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo("still answered\n");
            List<String> lines = java.nio.file.Files.readAllLines(log);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).contains("modelStreamErrorException");
        } finally {
            emulator.destroy();
            assertThat(emulator.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        BasaltProcess.Result bad = new BasaltProcess(home).run("emulator", "--port", "0", "--no-auth", "--fault",
                "stall,seconds=3");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.stderrLines()).singleElement().asString().contains("'seconds'").contains("ms");
    }

    /** `basalt emulator --port 0` with these options, in a process of its own. */
    private static Process emulator(String... options) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(java(), "-jar", BasaltProcess.jar().toString(), "emulator",
                "--port", "0"));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The URL the emulator prints on its first line. */
    private static String url(Process emulator) throws IOException {
        String first = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8)).readLine();
        return first.substring(first.indexOf("http://"));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

package dev.basalt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.agent.tools.ReadFile;
import dev.basalt.agent.tools.WriteFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalPolicyTest {

    @TempDir
    Path root;

    @TempDir
    Path outside;

    static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void readOnlyInsideRunsAndWritesAsk() throws Exception {
        ApprovalPolicy policy = new ApprovalPolicy(Set.of(), false);
        Workspace ws = Workspace.of(root);

        assertThat(policy.decide(new ReadFile(), json("{\"path\":\"a.txt\"}"), ws)).isInstanceOf(Permission.Allow.class);
        assertThat(policy.decide(new WriteFile(), json("{\"path\":\"a.txt\",\"content\":\"\"}"), ws)).isInstanceOf(Permission.Ask.class);
    }

    @Test
    void refusesSymlinkOutsideWorkspace() throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "s");
        Files.createSymbolicLink(root.resolve("link"), outside);
        ApprovalPolicy policy = new ApprovalPolicy(Set.of("read_file"), true);

        Permission viaLink = policy.decide(new ReadFile(), json("{\"path\":\"link/secret.txt\"}"), Workspace.of(root));
        Permission viaDots = policy.decide(new ReadFile(), json("{\"path\":\"../" + outside.getFileName() + "/secret.txt\"}"), Workspace.of(root));

        assertThat(viaLink).isInstanceOf(Permission.Ask.class);
        assertThat(((Permission.Ask) viaLink).why()).contains("outside the working directory");
        assertThat(viaDots).isInstanceOf(Permission.Ask.class);
    }

    @Test
    void trustCoversTheWorkspaceOnlyUnlessADirectoryIsAdded() throws Exception {
        ApprovalPolicy policy = new ApprovalPolicy(Set.of("write_file"), false);
        JsonNode inside = json("{\"path\":\"new/file.txt\",\"content\":\"x\"}");
        JsonNode out = json("{\"path\":\"" + outside.resolve("file.txt") + "\",\"content\":\"x\"}");

        assertThat(policy.decide(new WriteFile(), inside, Workspace.of(root))).isInstanceOf(Permission.Allow.class);
        assertThat(policy.decide(new WriteFile(), out, Workspace.of(root))).isInstanceOf(Permission.Ask.class);
        assertThat(policy.decide(new WriteFile(), out, new Workspace(root, List.of(outside)))).isInstanceOf(Permission.Allow.class);
    }

    @Test
    void untrustTakesItBack() throws Exception {
        ApprovalPolicy policy = new ApprovalPolicy(Set.of(), true);
        JsonNode input = json("{\"path\":\"a\",\"content\":\"x\"}");
        assertThat(policy.decide(new WriteFile(), input, Workspace.of(root))).isInstanceOf(Permission.Allow.class);

        policy.untrust("write_file");

        assertThat(policy.decide(new WriteFile(), input, Workspace.of(root))).isInstanceOf(Permission.Ask.class);
    }
}

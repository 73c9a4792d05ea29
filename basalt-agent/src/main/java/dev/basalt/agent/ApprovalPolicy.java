package dev.basalt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides whether a tool call runs, asks, or is refused. A pure function of the tool, its input, the
 * workspace and what is trusted, so the rules are tested without a terminal:
 * <ul>
 *   <li>read-only tools inside the workspace run;</li>
 *   <li>any path outside the workspace asks, even for a trusted tool (trust covers the workspace only);</li>
 *   <li>other tools ask unless trusted (by flag, settings, or "always" earlier in the session).</li>
 * </ul>
 */
public final class ApprovalPolicy {

    private final Set<String> trusted = new HashSet<>();
    private boolean trustAll;

    public ApprovalPolicy(Set<String> trustedTools, boolean trustAll) {
        this.trusted.addAll(trustedTools);
        this.trustAll = trustAll;
    }

    public Permission decide(Tool tool, JsonNode input, Workspace workspace) {
        String trust = tool.readOnly() || trusts(tool.name()) ? "" : "--trust-tools " + tool.name();
        for (Path path : tool.paths(input, workspace)) {
            if (!workspace.contains(path)) {
                // trust never reaches outside, so what allows it is adding the directory (and trust, if the tool needs it)
                String allowedBy = "--add-dir " + directoryOf(Workspace.realOfNearestExisting(path)) + (trust.isEmpty() ? "" : " " + trust);
                return new Permission.Ask(workspace.display(path) + " is outside the working directory", allowedBy);
            }
        }
        if (trust.isEmpty()) {
            return new Permission.Allow();
        }
        return new Permission.Ask(tool.name() + " changes files, runs commands or reaches the network", trust);
    }

    /** The directory to add for {@code path}: itself if a directory, else the nearest existing one above it. */
    private static Path directoryOf(Path path) {
        Path dir = path;
        while (dir.getParent() != null && !Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        return dir;
    }

    /** The user answered "always" for this tool: trusted for the rest of the session, inside the workspace. */
    public void trust(String toolName) {
        trusted.add(toolName);
    }

    public void untrust(String toolName) {
        trusted.remove(toolName);
        trustAll = false;
    }

    public Set<String> trusted() {
        return Set.copyOf(trusted);
    }

    /** Whether {@code toolName} runs without asking inside the workspace: trusted by name, or all are. */
    public boolean trusts(String toolName) {
        return trustAll || trusted.contains(toolName);
    }
}

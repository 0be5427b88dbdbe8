package dev.wvo.plugins.agentclaude;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Claude Code's permission modes ({@code --permission-mode}), and which of them let an
 * unattended {@code claude -p} edit files. In print mode nobody can answer a permission prompt:
 * under {@code default} every Write and Edit is refused, the run still ends "success" with the
 * refusals in {@code permission_denials}; {@code plan} only plans; {@code dontAsk} refuses what
 * the allowed tools do not name.
 */
final class PermissionModes {

    /** What wvo passes unless configured otherwise: edits inside the working directory are allowed. */
    static final String DEFAULT = "acceptEdits";
    static final String BYPASS = "bypassPermissions";
    static final List<String> ALL = List.of("default", "acceptEdits", "plan", "auto", "dontAsk", BYPASS);

    private PermissionModes() {
    }

    /** Why an agent under this mode cannot edit files unattended, or empty when it can. */
    static Optional<String> whyCannotEdit(String mode, String allowedTools) {
        String tools = allowedTools == null ? "" : allowedTools;
        return switch (mode) {
            case "default" -> Optional.of("permission_mode `default` asks before every edit, and in print mode nobody "
                    + "answers: claude refuses each Write and Edit (use acceptEdits)");
            case "plan" -> Optional.of("permission_mode `plan` only plans: claude edits nothing (use acceptEdits)");
            case "dontAsk" -> tools.contains("Edit") || tools.contains("Write") ? Optional.empty()
                    : Optional.of("permission_mode `dontAsk` refuses every tool that allowed_tools does not name, "
                    + "and it names neither Edit nor Write (use acceptEdits, or allow them)");
            default -> Optional.empty();
        };
    }

    /** The mode as configured, checked: a clear message for a name claude does not know. */
    static String checked(String mode) {
        if (ALL.contains(mode)) {
            return mode;
        }
        for (String known : ALL) {
            if (known.toLowerCase(Locale.ROOT).equals(mode.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("permission_mode `" + mode + "` is spelled `" + known + "`");
            }
        }
        throw new IllegalArgumentException("permission_mode `" + mode + "` is not one of claude's modes: "
                + String.join(", ", ALL));
    }
}

package dev.wvo.config;

import java.util.Locale;
import java.util.Map;

/**
 * How a retried attempt builds on the one before, from the {@code retry:} section of
 * {@code state/config.yaml}:
 *
 * <pre>
 * retry:
 *   brief_lines: 40        # at most this many lines about the previous attempt (0: none)
 *   resume_session: false  # continue the previous attempt's conversation when the backend can
 * backends:
 *   claude: {resume: true} # per backend, over resume_session
 * </pre>
 *
 * @param briefLines    the line budget of {@code previous-attempt.md} and of the prompt's section
 * @param resumeSession whether to resume the previous attempt's session, unless a backend says otherwise
 */
public record RetrySettings(int briefLines, boolean resumeSession) {

    public static final RetrySettings DEFAULTS = new RetrySettings(40, false);
    /** The backend setting that overrides {@code retry.resume_session} for one backend. */
    static final String RESUME = "resume";

    /**
     * Reads the {@code retry:} section.
     *
     * @throws ConfigException naming file:line when a value is wrong
     */
    static RetrySettings read(ConfigFile config) {
        var section = config.root().child("retry");
        if (section.isEmpty()) {
            return DEFAULTS;
        }
        var retry = section.get().onlyKeys("brief_lines", "resume_session");
        int lines = retry.child("brief_lines").map(e -> e.integer(0)).orElse(DEFAULTS.briefLines);
        boolean resume = retry.child("resume_session").map(ConfigFile.Entry::bool).orElse(DEFAULTS.resumeSession);
        return new RetrySettings(lines, resume);
    }

    /**
     * Whether a retry run by {@code agent} resumes the previous attempt's session.
     *
     * @throws ConfigException when the backend's {@code resume} setting is not true or false
     */
    public boolean resumes(String agent, Map<String, String> backendSettings) {
        String value = backendSettings.get(RESUME);
        if (value == null) {
            return resumeSession;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException("The " + agent + " backend's `resume` setting is '" + value
                    + "'; it must be true or false (backends." + agent + ".resume in config.yaml, or --set "
                    + agent + ".resume=true)");
        };
    }
}

package dev.wvo.accounts;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which values are secrets, and how they are masked wherever wvo writes text an agent or a
 * service produced: agent output and summaries, briefs, notifications. A secret is the value of a
 * variable whose name says so ({@code *KEY*}, {@code *TOKEN*}, {@code *SECRET*}, {@code *PASSWORD*},
 * {@code *CREDENTIAL*}) and is long enough not to be a common word.
 */
public final class Secrets {

    /** Variable names that hold secrets. */
    public static final Pattern NAME = Pattern.compile("(?i).*(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL).*");
    private static final int MIN_LENGTH = 6;
    private static final String MASK = "***";

    private Secrets() {
    }

    /** The secret values of an environment, longest first, so that a secret containing another is masked whole. */
    public static List<String> of(Map<String, String> environment) {
        return environment.entrySet().stream()
                .filter(e -> NAME.matcher(e.getKey()).matches() && e.getValue() != null
                        && e.getValue().length() >= MIN_LENGTH)
                .map(Map.Entry::getValue)
                .sorted((a, b) -> b.length() - a.length())
                .toList();
    }

    /** Whether a variable's name says it holds a secret: its value in config.yaml must be a {@code $NAME} reference. */
    public static boolean isSecretName(String variable) {
        return NAME.matcher(variable).matches();
    }

    /**
     * A value as written in config.yaml: {@code $NAME} (or {@code ${NAME}}) stands for the value of
     * the worker's variable {@code NAME}, which is how a secret is given; anything else is itself.
     *
     * @param what     the setting, for the message ({@code account claude:team's ANTHROPIC_API_KEY})
     * @param otherwise what to do instead of exporting the variable ({@code leave the account out})
     * @throws IllegalStateException naming the setting and the variable when it is not set
     */
    public static String resolve(String value, Map<String, String> environment, String what, String otherwise) {
        if (!value.startsWith("$")) {
            return value;
        }
        String variable = value.substring(1).replace("{", "").replace("}", "");
        String found = environment.get(variable);
        if (found == null || found.isEmpty()) {
            throw new IllegalStateException(what + " is $" + variable + ", which is not set where this worker runs; "
                    + "export it, or " + otherwise);
        }
        return found;
    }

    /** The text with each secret replaced by {@code ***}. */
    public static String mask(String text, List<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}

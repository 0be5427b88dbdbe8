package dev.wvo.doctor;

/** How one check came out. Only {@link #FAIL} makes {@code wvo doctor} end with a failure. */
public enum Verdict {
    OK, WARN, FAIL;

    /** The lower-case word used in output and JSON: {@code ok}, {@code warn}, {@code fail}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.wvo.doctor;

import java.util.Objects;

/**
 * The outcome of one check.
 *
 * @param area   what part of the setup it looks at ({@code state}, {@code locks}, {@code git}, …)
 * @param check  what was checked, in a few words
 * @param status the verdict
 * @param detail what was found
 * @param fix    what to do about it, or null when the verdict is ok
 */
public record Finding(String area, String check, Verdict status, String detail, String fix) {

    public Finding {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static Finding ok(String area, String check, String detail) {
        return new Finding(area, check, Verdict.OK, detail, null);
    }

    public static Finding warn(String area, String check, String detail, String fix) {
        return new Finding(area, check, Verdict.WARN, detail, fix);
    }

    public static Finding fail(String area, String check, String detail, String fix) {
        return new Finding(area, check, Verdict.FAIL, detail, fix);
    }
}

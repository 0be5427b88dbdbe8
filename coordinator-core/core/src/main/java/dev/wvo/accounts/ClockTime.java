package dev.wvo.accounts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** When a limit resets, as people read it: {@code 14:05} today, {@code Tue 6 Jan 14:05} on another day, local time. */
public final class ClockTime {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm");

    private ClockTime() {
    }

    public static String of(Instant at) {
        ZoneId zone = ZoneId.systemDefault();
        boolean today = at.atZone(zone).toLocalDate().equals(LocalDate.now(zone));
        return (today ? TIME : DAY_AND_TIME).withZone(zone).format(at);
    }
}

package dev.wvo.config;

import dev.wvo.notify.NoticeKind;
import dev.wvo.notify.NotifySettings;
import dev.wvo.spi.ShellWords;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code notify:} section ({@link NotifySettings}); absent means no notifications. */
final class NotifySection {

    private NotifySection() {
    }

    static Optional<NotifySettings> read(ConfigFile config) {
        var section = config.root().child("notify");
        if (section.isEmpty()) {
            return Optional.empty();
        }
        var n = section.get().onlyKeys("on", "commands", "notifiers", "quiet", "max_per_hour");
        Set<NoticeKind> on = EnumSet.allOf(NoticeKind.class);
        if (n.child("on").isPresent()) {
            on = EnumSet.noneOf(NoticeKind.class);
            for (ConfigFile.Entry kind : n.child("on").get().items()) {
                String id = kind.text().strip();
                List<String> known = Arrays.stream(NoticeKind.values()).map(NoticeKind::id).toList();
                on.add(NoticeKind.fromId(id).orElseThrow(() -> kind.problem("is '" + id + "'; it must be one of "
                        + String.join(", ", known))));
            }
        }
        List<List<String>> commands = new ArrayList<>();
        n.child("commands").ifPresent(c -> c.items().forEach(item -> {
            List<String> argv;
            try {
                argv = item.isList() ? item.texts() : ShellWords.split(item.text());
            } catch (IllegalArgumentException e) {
                throw item.problem("cannot be split into arguments: " + e.getMessage());
            }
            if (argv.isEmpty() || argv.get(0).isBlank()) {
                throw item.problem("is empty; give a command, such as ./hooks/notify.sh");
            }
            commands.add(argv.stream().map(BackendSettings::expandHome).toList());
        }));
        Map<String, Map<String, String>> notifiers = new LinkedHashMap<>();
        n.child("notifiers").ifPresent(p -> p.children().forEach((name, settings) -> {
            if (!settings.isMapping()) {
                throw settings.problem("must be a mapping of the notifier's settings ({} for none)");
            }
            Map<String, String> values = new LinkedHashMap<>();
            settings.children().forEach((key, value) -> values.put(key, BackendSettings.valueOf(value)));
            notifiers.put(name, values);
        }));
        Duration quiet = n.child("quiet").map(ConfigFile.Entry::duration).orElse(NotifySettings.DEFAULT_QUIET);
        int max = n.child("max_per_hour").map(e -> e.integer(1)).orElse(NotifySettings.DEFAULT_MAX_PER_HOUR);
        return Optional.of(new NotifySettings(on, commands, notifiers, quiet, max));
    }
}

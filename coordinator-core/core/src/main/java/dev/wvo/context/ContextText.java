package dev.wvo.context;

import java.util.ArrayList;
import java.util.List;

/** Text to lines and back, the one place that decides line endings ({@code \n}, CR dropped). */
final class ContextText {

    private ContextText() {
    }

    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        if (text.isEmpty()) {
            return lines;
        }
        for (String line : text.split("\n", -1)) {
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    static List<String> stripBlankEdges(List<String> lines) {
        int start = 0;
        int end = lines.size();
        while (start < end && lines.get(start).isBlank()) {
            start++;
        }
        while (end > start && lines.get(end - 1).isBlank()) {
            end--;
        }
        return List.copyOf(lines.subList(start, end));
    }
}

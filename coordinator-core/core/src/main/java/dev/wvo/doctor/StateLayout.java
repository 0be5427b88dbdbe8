package dev.wvo.doctor;

import java.nio.file.Path;

/** Where the files the checks look at live inside a state directory (see docs/state-format.md). */
record StateLayout(Path root) {

    Path roadmap() {
        return root.resolve("roadmap.yaml");
    }

    Path context() {
        return root.resolve("context.md");
    }

    Path locks() {
        return root.resolve("locks");
    }

    Path workers() {
        return root.resolve("workers");
    }

    Path artifacts() {
        return root.resolve("artifacts");
    }
}

package dev.wvo.config;

/** A problem in {@code state/config.yaml}: the message says where (file:line:column), what, and what to do. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}

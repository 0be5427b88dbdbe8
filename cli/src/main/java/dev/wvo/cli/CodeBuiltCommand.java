package dev.wvo.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.lang.reflect.InvocationTargetException;

/**
 * A command whose picocli model is built in code, as {@link WvoCommand}'s is, instead of read
 * from annotations. Reading any annotation makes the JVM generate a proxy class for each
 * annotation type at every start (JDK 17's class-data archive cannot keep them) and set up its
 * annotation parser: ~20 ms of {@code wvo status}'s wall time on 10,000 tasks, a quarter of what
 * it costs beyond {@code wvo --version} (docs/performance.md, "Session 21"). So the commands with
 * a start-up target ({@code status}, {@code task}, {@code task list}) are built in code, and every
 * other command keeps its annotations, which are easier to read. Such a class has a constructor
 * without arguments that builds its model; {@link Main} adds the model where it would add the class.
 */
interface CodeBuiltCommand {

    /** This command's model, built by its constructor; picocli's command line fills its options. */
    CommandSpec spec();

    /** Whether {@code command} is built in code rather than read from its annotations. */
    static boolean isCodeBuilt(Class<?> command) {
        return CodeBuiltCommand.class.isAssignableFrom(command);
    }

    /** A new instance of the code-built {@code command}, its model built. */
    static CodeBuiltCommand of(Class<?> command) {
        try {
            return (CodeBuiltCommand) command.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("building the command " + command.getSimpleName() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(command.getSimpleName() + " needs a constructor without arguments", e);
        }
    }

    /** An option without a value, for {@link #given}. */
    static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name).description(description).build();
    }

    /** Whether the flag {@code option} was given on the command line that was parsed. */
    static boolean given(OptionSpec option) {
        return Boolean.TRUE.equals(option.getValue());
    }
}

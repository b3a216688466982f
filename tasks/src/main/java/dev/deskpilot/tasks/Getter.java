package dev.deskpilot.tasks;

import java.io.IOException;

/**
 * An OSWorld getter, {@code get_<type>(env, config)}: fetches a metric's input from the desktop,
 * the task file or the file cache. Register one under its type name in an {@link
 * EvaluationRegistry}.
 *
 * <p>Return {@link Value#NOTHING} where OSWorld returns {@code None} (a missing file); throw {@link
 * EvaluationException} where OSWorld would crash (a download that cannot be had is {@code
 * NOT_CACHED}); a bad config field is a {@link TaskFormatException} (use {@link GetterInput#bad}).
 */
@FunctionalInterface
public interface Getter {
  Value get(GetterInput in) throws IOException, InterruptedException;
}

package dev.deskpilot.app;

/** Bad input from the person at the command line: printed as one line, exit code 2. */
final class UserInputException extends RuntimeException {
  UserInputException(String message) {
    super(message);
  }
}

package dev.basalt.cli;

/** A problem the user can fix, reported as one line with its hint and an exit status. */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String hint;

    public UserError(int status, String message, String hint) {
        super(message);
        this.status = status;
        this.hint = hint;
    }

    public int status() {
        return status;
    }

    public String hint() {
        return hint;
    }
}

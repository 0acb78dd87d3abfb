package dev.piglet.k;

/** Text written by {@code `0:x}: shown as it is, not as a K value. */
final class Text {
    private final String text;

    private Text(String text) {
        this.text = text;
    }

    /** A string as it is; a list of strings as lines. */
    static Text of(Object y) {
        if (y instanceof CharVec s) return new Text(s.toString());
        if (y instanceof Character c) return new Text(String.valueOf(c));
        if (Num.isAtom(y)) throw KError.domain();
        StringBuilder b = new StringBuilder();
        int n = Num.count(y);
        for (int i = 0; i < n; i++) {
            Object line = Num.at(y, i);
            if (!(line instanceof CharVec || line instanceof Character)) throw KError.domain();
            if (i > 0) b.append('\n');
            b.append(line);
        }
        return new Text(b.toString());
    }

    @Override
    public String toString() {
        return text;
    }
}

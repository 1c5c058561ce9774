package dev.levee.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a configuration file's text, or says in a few words why not: {@code no such file}, {@code
 * cannot read (permission denied)}, {@code a directory, not a file}, {@code not UTF-8 (invalid byte
 * 0xFF at offset 17, line 2)}, {@code larger than 1048576 bytes}. The words are for a line that
 * starts with the file's name, read by a person without a stack trace.
 */
public final class FileText {
  /** The most bytes read, as many as {@link YamlText#MAX_CHARS} characters at least. */
  public static final int MAX_BYTES = YamlText.MAX_CHARS;

  private FileText() {}

  /**
   * Why a file's text cannot be had, in words that follow its name: the exception's message.
   * Without a stack trace: it is a user's mistake, to be shown as one line.
   */
  public static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates it.
     *
     * @param why what is wrong, after the file's name ({@code no such file})
     */
    public Unreadable(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * A file's text.
   *
   * @param file the file
   * @return its text
   * @throws Unreadable if it cannot be read, is not UTF-8 or is too large
   */
  public static String read(Path file) throws Unreadable {
    if (Files.isDirectory(file)) {
      throw new Unreadable("a directory, not a file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return utf8(in);
    } catch (NoSuchFileException e) {
      throw new Unreadable("no such file");
    } catch (AccessDeniedException e) {
      throw new Unreadable("cannot read (permission denied)");
    } catch (FileSystemException e) {
      throw new Unreadable("cannot read (" + reason(e.getReason(), e) + ")");
    } catch (IOException e) {
      throw new Unreadable("cannot read (" + reason(e.getMessage(), e) + ")");
    }
  }

  /**
   * A stream's text, read to its end (not closed).
   *
   * @param in the stream
   * @return its text
   * @throws Unreadable if it is not UTF-8 or too large
   * @throws IOException if reading fails
   */
  public static String utf8(InputStream in) throws Unreadable, IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new Unreadable(
          "larger than " + MAX_BYTES + " bytes; a configuration file is far smaller");
    }
    return utf8(bytes);
  }

  /**
   * Decodes UTF-8 strictly: a malformed byte is an error naming it and where it is, never a
   * replacement character that would make a value silently different.
   */
  private static String utf8(byte[] bytes) throws Unreadable {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new Unreadable(
          String.format(
              "not UTF-8 (invalid byte 0x%02X at offset %d, line %d)",
              bytes[offset] & 0xff, offset, line));
    }
    decoder.flush(out); // UTF-8 keeps no state to flush: this only ends the decoding
    return out.flip().toString();
  }

  private static String reason(String reason, Exception e) {
    String r =
        reason == null || reason.isBlank()
            ? e.getClass().getSimpleName()
            : YamlText.oneLine(reason);
    return r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
  }
}

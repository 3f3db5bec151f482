package io.activity.analytics.cache;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A POST whose body the cache may need before the handler: untouched (the stream passes straight
 * through) until {@link #body()} is called, which reads the whole body once (the body size limit
 * applies as it is read) and lets the handler read the same bytes again. Only read handlers
 * ({@code @CompanyAccess(read = true)}) are ever asked for their body, never an ingest batch.
 */
final class ReplayableRequest extends HttpServletRequestWrapper {

    static final String ATTRIBUTE = ReplayableRequest.class.getName();

    private byte[] body;
    private boolean streamTaken;

    ReplayableRequest(HttpServletRequest request) {
        super(request);
    }

    /** The whole body; null when the handler's side already began to read it. */
    byte[] body() throws IOException {
        if (body == null && !streamTaken) {
            body = super.getInputStream().readAllBytes();
        }
        return body;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (body == null) {
            streamTaken = true;
            return super.getInputStream();
        }
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("The replayed body is read synchronously");
            }
        };
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (body == null) {
            streamTaken = true;
            return super.getReader();
        }
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
}

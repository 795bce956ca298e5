import com.sun.nio.file.ExtendedOpenOption;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.impl.ConnectionBase;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.config.Http1Config;

/**
 * What receiving a download and hashing it as it arrives costs, by how it is received, on one thread:
 * {@code java -cp target/imagecache.jar test-suites/bench/ReceiveCost.java URL [rounds [dir]]} (the wrapper
 * {@code test-suites/bench/receive-cost} serves a file for it). Each round GETs the URL once per way,
 * the ways alternating, and feeds the body to SHA-256 on the thread that reads it: a blocking socket
 * with 1 MiB and with 64 KiB reads, Netty's HTTP codec with its default reads (up to 64 KiB) and with
 * up to 1 MiB, and Vert.x's client as the service sets it up, with its default reads and with up to
 * 1 MiB; Apache HttpClient 5's classic (blocking) client and the JDK's HttpClient, each read into
 * a 1 MiB array on the hashing thread; first, to compare, it hashes as many bytes already in memory.
 * Two more ways also write the body as a download does, still on the one thread: into one aligned 1 MiB
 * direct buffer, written with O_DIRECT to a new file in {@code dir} (default: the JVM's temp directory),
 * then forced and deleted: the blocking socket read straight into that buffer, and Apache's classic
 * client, its array copied into it. Prints the process's
 * CPU-seconds per GiB of each, and their medians over every round but the first (the JIT's). Without
 * the file writes, the lanes and the service around them: a floor under what a download costs the
 * service.
 */
public class ReceiveCost {
  private static final int LARGE = 1024 * 1024;
  private static final int DEFAULT = 64 * 1024;

  /** The body's SHA-256 and length. */
  record Received(String sha256, long bytes) {
    static Received of(MessageDigest sha, long bytes) {
      return new Received(HexFormat.of().formatHex(sha.digest()), bytes);
    }
  }

  interface Way {
    Received receive(URI uri) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Vertx vertx = Vertx.vertx();
    NioEventLoopGroup group = new NioEventLoopGroup(1);
    long length = contentLength(uri);
    Map<String, Way> ways = new LinkedHashMap<>();
    ways.put("no receiving: SHA-256 of as many bytes in memory", u -> hashInMemory(length));
    ways.put("blocking socket, 1 MiB reads", u -> blocking(u, LARGE));
    ways.put("blocking socket, 64 KiB reads", u -> blocking(u, DEFAULT));
    ways.put("Netty, default reads (up to 64 KiB)", u -> netty(group, u, 0));
    ways.put("Netty, reads up to 1 MiB", u -> netty(group, u, LARGE));
    HttpClient plain = vertxClient(vertx, 0);
    HttpClient large = vertxClient(vertx, LARGE);
    ways.put("Vert.x client, default reads (up to 64 KiB)", u -> vertx(plain, u));
    ways.put("Vert.x client, reads up to 1 MiB", u -> vertx(large, u));
    CloseableHttpClient apache = apacheClient();
    ways.put("Apache HttpClient 5 classic, 1 MiB reads", u -> apache(apache, u));
    java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient();
    ways.put("JDK HttpClient, its InputStream, 1 MiB reads", u -> jdk(jdk, u));
    Path dir = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
    ways.put("written too: blocking socket, 1 MiB reads, O_DIRECT", u -> blockingWritten(u, dir));
    ways.put("written too: Apache classic, 1 MiB reads, O_DIRECT", u -> apacheWritten(apache, u, dir));
    Map<String, List<Double>> perGiB = new LinkedHashMap<>();
    String digest = null;
    String inMemory = ways.keySet().iterator().next();
    for (int round = 1; round <= rounds; round++) {
      StringBuilder line = new StringBuilder("round " + round + ":");
      for (Map.Entry<String, Way> way : ways.entrySet()) {
        long cpu0 = cpuNanos();
        Received body = way.getValue().receive(uri);
        double cpu = (cpuNanos() - cpu0) / 1e9;
        if (way.getKey().equals(inMemory)) {
          // other bytes by design: only its cost is compared
        } else if (digest == null) {
          digest = body.sha256();
        } else if (!digest.equals(body.sha256())) {
          throw new IllegalStateException(way.getKey() + " read other bytes: SHA-256 " + body.sha256() + ", not " + digest);
        }
        double gib = body.bytes() / (double) (1L << 30);
        line.append(String.format(" %.2f", cpu / gib));
        if (round > 1) {
          perGiB.computeIfAbsent(way.getKey(), k -> new ArrayList<>()).add(cpu / gib);
        }
      }
      System.out.println(line);
    }
    System.out.println("CPU-seconds per GiB received and hashed, medians of rounds 2 to " + rounds + ":");
    perGiB.forEach((way, values) -> System.out.printf("  %-50s %.2f%n", way, median(values)));
    System.exit(0);
  }

  private static long contentLength(URI uri) throws Exception {
    java.net.HttpURLConnection head = (java.net.HttpURLConnection) uri.toURL().openConnection();
    head.setRequestMethod("HEAD");
    try {
      return head.getContentLengthLong();
    } finally {
      head.disconnect();
    }
  }

  /** The digest alone: as many bytes, from a 1 MiB buffer hashed again and again. */
  private static Received hashInMemory(long bytes) throws Exception {
    MessageDigest sha = sha256();
    ByteBuffer buffer = ByteBuffer.allocateDirect(LARGE);
    new java.util.Random(1).ints(LARGE / 4).forEach(buffer::putInt);
    for (long left = bytes; left > 0; left -= buffer.capacity()) {
      buffer.clear().limit((int) Math.min(left, buffer.capacity()));
      sha.update(buffer);
    }
    return Received.of(sha, bytes);
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static MessageDigest sha256() throws Exception {
    return MessageDigest.getInstance("SHA-256");
  }

  /** An HTTP/1.0 GET of the URI: the server closes the connection after the body. */
  private static ByteBuffer http10Get(URI uri) {
    return ByteBuffer.wrap(("GET " + uri.getRawPath() + " HTTP/1.0\r\nHost: " + uri.getAuthority() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Sends an HTTP/1.0 GET of the URI and reads past the response's head: the buffer is left holding the
   * body's first bytes (none or some), ready to be read.
   */
  private static void requestAndSkipHead(SocketChannel socket, URI uri, ByteBuffer buffer) throws IOException {
    socket.write(http10Get(uri));
    buffer.clear().flip();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      if (!buffer.hasRemaining()) {
        buffer.clear();
        if (socket.read(buffer) < 0) {
          throw new IOException("closed in the head");
        }
        buffer.flip();
      }
      head.append((char) buffer.get());
    }
  }

  /** HTTP/1.0 over a blocking socket: the head skipped, the body hashed read by read. */
  private static Received blocking(URI uri, int readBytes) throws Exception {
    MessageDigest sha = sha256();
    try (SocketChannel socket = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()))) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(readBytes);
      requestAndSkipHead(socket, uri, buffer);
      long body = buffer.remaining();
      sha.update(buffer);
      for (buffer.clear(); socket.read(buffer) >= 0; buffer.clear()) {
        buffer.flip();
        body += buffer.remaining();
        sha.update(buffer);
      }
      return Received.of(sha, body);
    }
  }

  private static Received netty(NioEventLoopGroup group, URI uri, int maxRead) throws Exception {
    CompletableFuture<Received> done = new CompletableFuture<>();
    MessageDigest sha = sha256();
    long[] bytes = {0};
    Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        if (maxRead > 0) {
          ch.config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, 2048, maxRead));
        }
        ch.pipeline().addLast(new HttpClientCodec(4096, 8192, DEFAULT));
        ch.pipeline().addLast(new SimpleChannelInboundHandler<HttpObject>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
            if (message instanceof HttpContent content) {
              bytes[0] += content.content().readableBytes();
              sha.update(content.content().nioBuffer());
              if (message instanceof LastHttpContent) {
                done.complete(Received.of(sha, bytes[0]));
                ctx.close();
              }
            }
          }
        });
      }
    }).connect(uri.getHost(), uri.getPort()).sync().channel();
    DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.GET, uri.getRawPath());
    request.headers().set("Host", uri.getAuthority());
    channel.writeAndFlush(request);
    return done.get();
  }

  /** Vert.x's client with the service's options (HttpTransport); reads up to maxRead when it is set. */
  private static HttpClient vertxClient(Vertx vertx, int maxRead) {
    HttpClientOptions options = new HttpClientOptions().setMaxChunkSize(DEFAULT).setKeepAlive(true).setDecompressionSupported(true);
    return vertx.httpClientBuilder().with(options).withConnectHandler(connection -> {
      if (maxRead > 0) {
        ((ConnectionBase) connection).channel().config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, 2048, maxRead));
      }
    }).build();
  }

  private static Received vertx(HttpClient client, URI uri) throws Exception {
    CompletableFuture<Received> done = new CompletableFuture<>();
    MessageDigest sha = sha256();
    long[] bytes = {0};
    client.request(io.vertx.core.http.HttpMethod.GET, uri.getPort(), uri.getHost(), uri.getRawPath())
        .compose(request -> request.send())
        .onSuccess(response -> {
          response.handler(chunk -> {
            bytes[0] += chunk.length();
            sha.update(((BufferInternal) chunk).getByteBuf().nioBuffer());
          });
          response.endHandler(v -> done.complete(Received.of(sha, bytes[0])));
          response.exceptionHandler(done::completeExceptionally);
        })
        .onFailure(done::completeExceptionally);
    return done.get();
  }

  /** Apache HttpClient 5's classic client: blocking reads from the response's stream, straight from the socket past its 64 KiB buffer. */
  private static CloseableHttpClient apacheClient() {
    return HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                .http1Config(Http1Config.custom().setBufferSize(DEFAULT).build()).build())
            .build())
        .disableContentCompression()
        .build();
  }

  private static Received apache(CloseableHttpClient client, URI uri) throws Exception {
    return client.execute(new HttpGet(uri), response -> {
      try (InputStream body = response.getEntity().getContent()) {
        return hashStream(body);
      } catch (Exception e) {
        throw new IOException(e);
      }
    });
  }

  private static Received jdk(java.net.http.HttpClient client, URI uri) throws Exception {
    HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      return hashStream(body);
    }
  }

  /**
   * The whole download on one thread, with no hand-off: HTTP/1.0 over a blocking socket read straight
   * into an aligned 1 MiB direct buffer, which is hashed and then written, whole, with O_DIRECT to a new
   * file in dir; the last block padded, the file cut to its length and forced, then deleted.
   */
  private static Received blockingWritten(URI uri, Path dir) throws Exception {
    MessageDigest sha = sha256();
    try (SocketChannel socket = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
        Written file = new Written(dir)) {
      ByteBuffer buffer = file.buffer;
      requestAndSkipHead(socket, uri, buffer);
      buffer.compact(); // the body's first bytes at the start, the rest read in behind them
      sha.update(buffer.duplicate().flip());
      long body = buffer.position();
      for (int n; (n = socket.read(buffer)) >= 0; ) {
        sha.update(buffer.duplicate().position(buffer.position() - n).limit(buffer.position()));
        body += n;
        if (!buffer.hasRemaining()) {
          file.writeFull();
        }
      }
      file.seal(body);
      return Received.of(sha, body);
    }
  }


  /** The same with Apache's classic client: each read into a 1 MiB array, hashed, copied into the aligned buffer. */
  private static Received apacheWritten(CloseableHttpClient client, URI uri, Path dir) throws Exception {
    return client.execute(new HttpGet(uri), response -> {
      MessageDigest sha;
      try (InputStream body = response.getEntity().getContent(); Written file = new Written(dir)) {
        sha = sha256();
        byte[] array = new byte[LARGE];
        long bytes = 0;
        for (int n; (n = body.read(array)) >= 0; ) {
          sha.update(array, 0, n);
          bytes += n;
          for (int off = 0; off < n; ) {
            int put = Math.min(n - off, file.buffer.remaining());
            file.buffer.put(array, off, put);
            off += put;
            if (!file.buffer.hasRemaining()) {
              file.writeFull();
            }
          }
        }
        file.seal(bytes);
        return Received.of(sha, bytes);
      } catch (Exception e) {
        throw new IOException(e);
      }
    });
  }

  /** A new file written with O_DIRECT from one aligned 1 MiB direct buffer, as the service's temp files are. */
  private static final class Written implements AutoCloseable {
    final Path path;
    final FileChannel channel;
    final int block;
    final ByteBuffer buffer;

    Written(Path dir) throws IOException {
      path = Files.createTempFile(dir, "receive-cost", ".partial");
      block = (int) Files.getFileStore(dir).getBlockSize();
      channel = FileChannel.open(path, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
      buffer = ByteBuffer.allocateDirect(LARGE + block).alignedSlice(block).limit(LARGE).slice();
    }

    void writeFull() throws IOException {
      buffer.flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
    }

    void seal(long length) throws IOException {
      int tail = buffer.position();
      if (tail > 0) {
        int padded = (tail + block - 1) / block * block;
        buffer.limit(padded).position(padded);
        writeFull();
      }
      channel.truncate(length);
      channel.force(true);
    }

    @Override
    public void close() throws IOException {
      channel.close();
      Files.delete(path);
    }
  }

  /** A stream hashed read by read, into a 1 MiB array. */
  private static Received hashStream(InputStream body) throws Exception {
    MessageDigest sha = sha256();
    byte[] buffer = new byte[LARGE];
    long bytes = 0;
    for (int n; (n = body.read(buffer)) >= 0; ) {
      sha.update(buffer, 0, n);
      bytes += n;
    }
    return Received.of(sha, bytes);
  }
}

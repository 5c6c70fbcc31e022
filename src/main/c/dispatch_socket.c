/*
 * The native half of dev.dispatch.client.NativeSocket: a client connection to the daemon's Unix socket.
 *
 * The JDK's first Unix socket costs a one-shot command ~15 ms: sun.nio.ch.UnixDomainSockets seeds a
 * SecureRandom when its class initializes (for names of unbound sockets, which a client never uses), and
 * that loads the security properties, the provider list and the SUN provider. These five calls cost
 * ~1 ms, library loading included. install.sh builds this file into share/dispatch/libdispatch-socket.so
 * when a C compiler is at hand; without it the client uses the JDK's SocketChannel.
 *
 * shutdown0 ends a connection another thread is blocked reading (the event stream of an attached run):
 * shutdown(2) wakes that read with end of input, where close(2) would leave it blocked.
 *
 * Every function returns a count or 0 on success and -errno on failure; the Java side turns that into an
 * IOException naming the socket and strerror's text.
 */
#include <jni.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Copies go through the stack: one HTTP exchange of a one-shot fits in a few of these. */
#define CHUNK 16384

JNIEXPORT jint JNICALL Java_dev_dispatch_client_NativeSocket_connect0(JNIEnv *env, jclass cls, jbyteArray path) {
    struct sockaddr_un addr;
    jsize n = (*env)->GetArrayLength(env, path);
    if (n <= 0 || (size_t) n >= sizeof addr.sun_path) return -ENAMETOOLONG;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    (*env)->GetByteArrayRegion(env, path, 0, n, (jbyte *) addr.sun_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    /* no retry on EINTR: the caller treats any failure to connect as "nobody listens" and runs in-process */
    if (connect(fd, (struct sockaddr *) &addr, sizeof addr) != 0) {
        int err = errno;
        close(fd);
        return -err;
    }
    return fd;
}

JNIEXPORT jint JNICALL Java_dev_dispatch_client_NativeSocket_read0(JNIEnv *env, jclass cls, jint fd, jbyteArray buf,
        jint off, jint len) {
    char tmp[CHUNK];
    ssize_t n;
    if (len > CHUNK) len = CHUNK;
    do {
        n = read(fd, tmp, (size_t) len);
    } while (n < 0 && errno == EINTR);
    if (n < 0) return -errno;
    (*env)->SetByteArrayRegion(env, buf, off, (jsize) n, (jbyte *) tmp);
    return (jint) n;
}

JNIEXPORT jint JNICALL Java_dev_dispatch_client_NativeSocket_write0(JNIEnv *env, jclass cls, jint fd, jbyteArray buf,
        jint off, jint len) {
    char tmp[CHUNK];
    while (len > 0) {
        jint chunk = len < CHUNK ? len : CHUNK;
        (*env)->GetByteArrayRegion(env, buf, off, chunk, (jbyte *) tmp);
        jint done = 0;
        while (done < chunk) {
            /* MSG_NOSIGNAL: a daemon gone away is an EPIPE for the caller, not a SIGPIPE for the JVM */
            ssize_t n = send(fd, tmp + done, (size_t) (chunk - done), MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EINTR) continue;
                return -errno;
            }
            done += (jint) n;
        }
        off += chunk;
        len -= chunk;
    }
    return 0;
}

JNIEXPORT jint JNICALL Java_dev_dispatch_client_NativeSocket_close0(JNIEnv *env, jclass cls, jint fd) {
    /* no retry on EINTR: Linux has released the descriptor whatever close returned */
    return close(fd) == 0 ? 0 : -errno;
}

JNIEXPORT jint JNICALL Java_dev_dispatch_client_NativeSocket_shutdown0(JNIEnv *env, jclass cls, jint fd) {
    return shutdown(fd, SHUT_RDWR) == 0 ? 0 : -errno;
}

JNIEXPORT jstring JNICALL Java_dev_dispatch_client_NativeSocket_message0(JNIEnv *env, jclass cls, jint err) {
    char buf[256];
    /* the XSI strerror_r fills buf; glibc's GNU one (with _GNU_SOURCE) may return a static string instead */
#if defined(_GNU_SOURCE) && defined(__GLIBC__)
    return (*env)->NewStringUTF(env, strerror_r(err, buf, sizeof buf));
#else
    if (strerror_r(err, buf, sizeof buf) != 0) buf[0] = '\0';
    return (*env)->NewStringUTF(env, buf);
#endif
}

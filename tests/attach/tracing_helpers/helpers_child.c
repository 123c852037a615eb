/* A process with a known name making known kernel calls, for the tracing-helper VM test (path,
 * is_err, socket_cookie). Linked statically, so no loader opens files before it does:
 *   svm_helpers open DIR     creates DIR/marker (one successful open)
 *   svm_helpers fail DIR     then opens DIR/marker/x, which fails with ENOTDIR
 *   svm_helpers connect PORT connects a TCP socket to 127.0.0.1:PORT (refused: nothing listens)
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int create_marker(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/marker", dir);
	int fd = open(path, O_CREAT | O_WRONLY, 0644);
	if (fd < 0)
		return 1;
	close(fd);
	return 0;
}

static int open_through_file(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/marker/x", dir);
	return open(path, O_RDONLY) < 0 ? 0 : 1;   /* the failure is the point */
}

static int connect_local(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return 1;
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	connect(fd, (struct sockaddr *)&sa, sizeof(sa));   /* refused, after tcp_v4_connect ran */
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	if (strcmp(argv[1], "open") == 0)
		return create_marker(argv[2]);
	if (strcmp(argv[1], "fail") == 0)
		return create_marker(argv[2]) || open_through_file(argv[2]);
	if (strcmp(argv[1], "connect") == 0)
		return connect_local(atoi(argv[2]));
	return 2;
}

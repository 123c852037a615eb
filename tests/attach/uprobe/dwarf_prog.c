/* A target for the dwarf test, built with -g: functions whose parameters are an int, a char, a
 * pointer, a struct pointer (the struct holding a string, an array and a pointer to another
 * struct) and a const string; main calls each once. The test also strips a copy and keeps its
 * debug info apart. */
struct sonde_point {
	int x, y;
};

struct sonde_shape {
	int id;
	char name[12];
	int sides[3];
	struct sonde_point *origin;
};

__attribute__((noinline)) int sonde_scalars(int n, char c, int *p)
{
	return n + c + *p;
}

__attribute__((noinline)) int sonde_shape_area(struct sonde_shape *s, const char *label)
{
	return s->sides[0] * s->sides[1] + (label[0] ? s->origin->x : 0);
}

int main(void)
{
	int v = 13;
	struct sonde_point o = {.x = 4, .y = -5};
	struct sonde_shape s = {.id = 77, .name = "triangle", .sides = {3, 4, 5}, .origin = &o};
	int r = sonde_scalars(42, 'x', &v);
	char label[] = "label";   /* on the stack: a string in a page not yet touched may not be readable */
	r += sonde_shape_area(&s, label);
	return r == 0;
}

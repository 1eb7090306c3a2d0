"""Bulk inserts that keep the audit history: each new row and its '+' history row, streamed.

`insert_with_history` writes exactly what simple-history's `bulk_create_with_history` would
(each record, then a history row with the same values, history_type '+', the user and the
time) without building model instances or the ORM's per-value preparation, which is most of
the time at 100,000 rows. Rows go to PostgreSQL by COPY and to SQLite by executemany, in
batches, so memory stays flat however many rows the iterable yields. A `Writer` keeps
several such inserts in one pipeline, written on PostgreSQL while the caller makes the next
rows. The SSDA903 import and the synthetic data generator (`manage.py generate_data`) both
write through them.
"""

import re
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain
from operator import itemgetter

from django.db import connections, models, router
from django.utils import timezone

BATCH = 10_000


def batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert_sql(connection, table: str, fields) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    # Table and column names come from the models; every value is a parameter.
    return f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608


def write_rows(connection, table: str, columns, rows: list[list]) -> None:
    """Many rows into one table: COPY on PostgreSQL (far fewer round trips), else executemany."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(_copy_sql(connection, table, columns)) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(_insert_sql(connection, table, columns), rows)


def _copy_sql(connection, table: str, columns) -> str:
    quote = connection.ops.quote_name
    return f"COPY {quote(table)} ({', '.join(quote(f.column) for f in columns)}) FROM STDIN"


# --- COPY text made here -----------------------------------------------------------------
#
# psycopg's write_row adapts each value through its dumpers: 21 µs a row, 6 s of the 280,000
# rows (episodes, children and a history row for each) that a 100,000-episode import writes.
# For models whose every column PostgreSQL reads back from str(value), the text is made here
# instead, a batch at a time, with whole-string operations. A row's history row repeats its
# values, so the database copies the rows it has just read into the history table itself
# (INSERT ... SELECT): the text is sent and parsed once.

# Field types whose values PostgreSQL reads from str(value): whole numbers and keys, text,
# dates and times, Decimals, booleans ('True' is true to PostgreSQL) and UUIDs.
_STR_COPYABLE = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "ForeignKey",
    "OneToOneField",
    "CharField",
    "TextField",
    "SlugField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "BooleanField",
    "UUIDField",
}
# Stand-ins while a batch is escaped as one string: NUL between values (PostgreSQL text
# cannot hold NUL), and two lone surrogates for NULL and for the end of a row (text holding
# a lone surrogate cannot be encoded for the database at all).
_SEP, _NULL, _END = "\x00", "\ud800", "\udbff"
_SPECIAL = re.compile(r"[\\\t\n\r]")


def _copy_escape(text: str) -> str:
    """COPY's text format: a backslash before a backslash, tab, newline or carriage return."""
    if _SPECIAL.search(text):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def _copy_value(value) -> str:
    return "\\N" if value is None else _copy_escape(str(value))


def _copyable(model) -> bool:
    return all(f.get_internal_type() in _STR_COPYABLE for f in model._meta.concrete_fields)


class Writer:
    """Bulk writes with history for the current transaction, overlapped on PostgreSQL with
    the caller's own work.

    On PostgreSQL each batch's COPY runs on a worker thread that shares the transaction's
    connection, so that while the database writes a batch (and checks its foreign keys, made
    IMMEDIATE while the writer is open so that they are checked then, not all at commit) the
    caller is already reading and checking the next one. Rows are pulled from the caller's
    iterable as they come, so a generator that reads a file is written while it is read. A
    query the caller makes through Django inside the `with` first waits for the writes queued
    before it, so the two threads never use the connection at once. On SQLite, or for a model
    whose columns COPY cannot take as text, each write happens on the spot.

        with Writer(connection) as writer:
            writer.insert_with_history(Child, children)
            writer.insert_with_history(Episode, episodes())

    Leaving the `with` waits for every write. The first database error is raised there (or by
    the next call), and nothing queued after it is tried: the transaction is lost anyway.
    """

    PENDING = 2  # COPYs written or waiting while the next batch is made: memory stays flat

    def __init__(self, connection):
        self.connection = connection
        self.threaded = connection.vendor == "postgresql"
        self._pool: ThreadPoolExecutor | None = None
        self._pending: deque[Future] = deque()
        self._error: BaseException | None = None
        self._sequences: dict[str, str] = {}

    def __enter__(self):
        # A writer opened inside another on the same connection is the outer one: two
        # workers must never share the connection.
        outer = getattr(self.connection, "_bulk_writer", None)
        if outer is not None:
            self.threaded = False
            return outer
        if self.threaded:
            self.connection.ensure_connection()
            self._raw = self.connection.connection
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-writer")
            self._guard = self.connection.execute_wrapper(self._after_writes)
            self._guard.__enter__()
            self.connection._bulk_writer = self
            self.submit(_execute, "SET CONSTRAINTS ALL IMMEDIATE")
        return self

    def __exit__(self, kind, error, traceback):
        if not self.threaded:
            return
        try:
            self.wait()
            if error is None:  # Django's own setting again (an aborted transaction is lost)
                with self._raw.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        except BaseException:
            if error is None:
                raise
        finally:
            self._guard.__exit__(None, None, None)
            self._pool.shutdown(wait=True)
            del self.connection._bulk_writer

    def _after_writes(self, execute, sql, params, many, context):
        """Django's own queries on this connection wait for the writes queued before them."""
        self.wait()
        return execute(sql, params, many, context)

    def wait(self) -> None:
        """Wait until every queued write is done; raise the first error."""
        while self._pending:
            self._pending.popleft().exception()
        if self._error is not None:
            raise self._error

    def submit(self, function, *args) -> Future:
        """Run `function(cursor, *args)` after the writes queued before it (at once when not
        threaded); the Future holds its result."""
        if self._error is not None:
            raise self._error
        if not self.threaded:
            future: Future = Future()
            with self.connection.cursor() as cursor:
                future.set_result(function(cursor, *args))
            return future
        future = self._pool.submit(self._job, function, args)
        self._pending.append(future)
        while len(self._pending) > self.PENDING + 1:
            self._pending.popleft().exception()
        return future

    def _job(self, function, args):
        if self._error is not None:
            raise self._error  # nothing after an error is tried
        try:
            with self.connection.wrap_database_errors, self._raw.cursor() as cursor:
                return function(cursor, *args)
        except BaseException as error:
            self._error = error
            raise

    def _keys(self, cursor, table: str, column: str, count: int) -> list[int]:
        sequence = self._sequences.get(table)
        if sequence is None:
            sequence = self._sequences[table] = _sequence(cursor, table, column)
        return _take_keys(cursor, sequence, count)

    def insert_with_history(
        self, model, rows: Iterable[dict], *, user=None, batch_size: int = BATCH
    ) -> int:
        """INSERT every row of `rows` ({attname: value}; other fields take their defaults)
        and its '+' history row; returns how many. Each dict gets its new primary key (as
        `id`) before this returns, so the caller can refer to the rows at once."""
        connection = self.connection
        stamp = models.DateTimeField().get_db_prep_value(timezone.now(), connection)
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        defaults = {f.attname: f.get_default() for f in fields}
        defaults["created_at"] = defaults["updated_at"] = stamp
        extra = {
            "history_date": stamp,
            "history_change_reason": None,
            "history_type": "+",
            "history_user_id": getattr(user, "pk", None),
        }
        if self.threaded and _copyable(model):
            return self._copy_with_history(model, rows, {**defaults, **extra}, batch_size)
        self.wait()
        return _insert_with_history(connection, model, rows, defaults, extra, stamp, batch_size)

    def _copy_with_history(self, model, rows: Iterable[dict], constants: dict, size: int) -> int:
        """insert_with_history by COPY for a _copyable model: `constants` holds the value of
        every column a row's dict does not give (defaults, the time, the history columns)."""
        key = model._meta.pk.attname
        table, column = model._meta.db_table, model._meta.pk.column
        fields = {f.attname: f for f in model._meta.concrete_fields}
        copy_history, history_params = self._history_sql(model, constants)
        count = 0
        ahead: Future | None = None
        for batch in batches(rows, size):
            if ahead is None:
                keys = self.submit(self._keys, table, column, len(batch)).result()
            else:
                keys = ahead.result()[: len(batch)]
            # A full batch is likely to be followed by another, so the next batch's keys are
            # taken now, queued before this batch's COPY, to be ready when it is made. (If no
            # batch comes, they are a gap in the sequence, as a rolled-back insert leaves.)
            ahead = self.submit(self._keys, table, column, size) if len(batch) == size else None
            # The columns the rows give, in the order first seen; the rest take the constants.
            given = [k for k in dict.fromkeys(chain.from_iterable(batch)) if k in fields]
            columns = [key, *(k for k in given if k != key)]
            get = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[key],)
            fill = {k: constants[k] for k in columns[1:]}
            lines, nulls = [], 0
            for row, pk in zip(batch, keys, strict=True):
                row[key] = pk
                try:
                    found = get(row)
                except KeyError:  # a row that leaves out a column another row gives
                    found = get({**fill, **row})
                if None in found:
                    nulls += found.count(None)
                    found = [_NULL if v is None else v for v in found]
                lines.append(_SEP.join(map(str, found)))
            text = _END.join(lines) + _END
            if text.count(_NULL) != nulls or text.count(_END) != len(lines):
                # The database would refuse the value anyway; here it would be misread.
                raise ValueError("A value holds a character that text in the database cannot.")
            text = _copy_escape(text).replace(_NULL, "\\N").replace(_SEP, "\t")
            rest = [f for f in fields if f not in columns]
            suffix = "".join("\t" + _copy_value(constants[f]) for f in rest) + "\n"
            sql = _copy_sql(self.connection, table, [fields[f] for f in (*columns, *rest)])
            self.submit(_copy, sql, text.replace(_END, suffix))
            # The history rows are the rows just written, read back by the database itself
            # with the history's own columns: no second copy of the text to send and parse.
            if keys[-1] - keys[0] + 1 == len(keys):
                where, bounds = " BETWEEN %s AND %s", [keys[0], keys[-1]]
            else:
                where, bounds = " = ANY(%s)", [keys]
            self.submit(_execute, copy_history + where, [*history_params, *bounds])
            count += len(batch)
        return count

    def _history_sql(self, model, constants: dict) -> tuple[str, list]:
        """INSERT INTO the model's history table SELECT its rows whose key is (the caller
        adds the condition), with the history columns' values as parameters."""
        quote = self.connection.ops.quote_name
        plain = {f.attname: f.column for f in model._meta.concrete_fields}
        names, values, params = [], [], []
        for field in model.history.model._meta.concrete_fields:
            if field.attname == "history_id":
                continue
            names.append(quote(field.column))
            if field.attname in plain:
                values.append(quote(plain[field.attname]))
            else:
                values.append("%s")
                params.append(constants[field.attname])
        sql = (
            f"INSERT INTO {quote(model.history.model._meta.db_table)} ({', '.join(names)})"  # noqa: S608 - the models' names
            f" SELECT {', '.join(values)} FROM {quote(model._meta.db_table)}"
            f" WHERE {quote(model._meta.pk.column)}"
        )
        return sql, params


def _execute(cursor, sql: str, params=None) -> None:
    cursor.execute(sql, params)


def _copy(cursor, sql: str, text: str) -> None:
    with cursor.copy(sql) as copy:
        copy.write(text)


def _sequence(cursor, table: str, column: str) -> str:
    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
    (sequence,) = cursor.fetchone()
    return sequence


def _take_keys(cursor, sequence: str, count: int) -> list[int]:
    """`count` keys from `sequence`. Only the range comes back when the keys are consecutive,
    as they are unless another writer took some between them."""
    cursor.execute(
        "SELECT min(key), max(key), count(*) FROM"
        " (SELECT nextval(%s::regclass) AS key FROM generate_series(1, %s)) AS taken",
        [sequence, count],
    )
    first, last, taken = cursor.fetchone()
    if last - first + 1 == taken:  # distinct keys filling their range: all of it
        return list(range(first, last + 1))
    cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
    return [found for (found,) in cursor.fetchall()]


def _reserve_ids(connection, model, count: int) -> list[int]:
    """`count` primary keys from the table's own sequence (PostgreSQL), so that a row and its
    history row are written in one pass and concurrent writers never collide.

    The sequence is looked up first, on its own: inside the key query PostgreSQL looked it up
    again for every key (70 ms for 10,000 keys against 6 ms)."""
    with connection.cursor() as cursor:
        sequence = _sequence(cursor, model._meta.db_table, model._meta.pk.column)
        return _take_keys(cursor, sequence, count)


def _last_ids(connection, count: int) -> list[int]:
    """The keys SQLite gave the `count` rows just inserted: consecutive, as this connection
    holds the write lock for the whole transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_insert_rowid()")
        (last,) = cursor.fetchone()
    return list(range(last - count + 1, last + 1))


def insert_with_history(model, rows: Iterable[dict], *, user=None, batch_size: int = BATCH) -> int:
    """INSERT every row of `rows` ({attname: value}; other fields take their defaults) and its
    '+' history row; returns how many. Each dict gets its new primary key (as `id`), so a
    caller that keeps the dicts can refer to the rows. Call it inside a transaction."""
    with Writer(connections[router.db_for_write(model)]) as writer:
        return writer.insert_with_history(model, rows, user=user, batch_size=batch_size)


def _insert_with_history(connection, model, rows, defaults, extra, stamp, batch_size) -> int:
    """Writer.insert_with_history on SQLite (executemany), or on PostgreSQL for a model whose
    columns COPY cannot take as text (psycopg adapts the values)."""
    postgres = connection.vendor == "postgresql"
    key = model._meta.pk.attname
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]

    def converter(field):
        """How a value of `field` becomes a parameter; None where the driver takes it as is
        (psycopg adapts dates and Decimals itself; SQLite is given text)."""
        if isinstance(field, models.DateTimeField):
            return lambda raw: raw if raw is stamp else field.get_db_prep_value(raw, connection)
        if postgres:
            return None
        if isinstance(field, models.DateField):
            return connection.ops.adapt_datefield_value
        if isinstance(field, models.DecimalField):
            return lambda raw: connection.ops.adapt_decimalfield_value(
                raw, field.max_digits, field.decimal_places
            )
        return None

    def plan(columns, source, base: dict):
        """A function from a row's dict to its parameters, in the order of `columns`."""
        values = itemgetter(*(f.attname for f in columns))
        conversions = [
            (index, convert)
            for index, f in enumerate(columns)
            if (convert := converter(source.get(f.attname, f))) is not None
        ]

        def row(given: dict) -> list:
            found = list(values({**base, **given}))
            for index, convert in conversions:
                if found[index] is not None:
                    found[index] = convert(found[index])
            return found

        return row

    history = model.history.model
    history_columns = [f for f in history._meta.concrete_fields if f.attname != "history_id"]
    plain = {f.attname: f for f in model._meta.concrete_fields}
    history_row = plan(history_columns, plain, {**defaults, key: None})
    if postgres:
        fields = [model._meta.pk, *fields]
    fields_row = plan(fields, {}, {**defaults, key: None})
    count = 0
    for batch in batches(rows, batch_size):
        if postgres:
            for given, pk in zip(batch, _reserve_ids(connection, model, len(batch)), strict=True):
                given[key] = pk
        write_rows(connection, model._meta.db_table, fields, [fields_row(g) for g in batch])
        if not postgres:
            for given, pk in zip(batch, _last_ids(connection, len(batch)), strict=True):
                given[key] = pk
        params = [history_row({**given, **extra}) for given in batch]
        write_rows(connection, history._meta.db_table, history_columns, params)
        count += len(batch)
    return count


def refresh_statistics(*models_) -> None:
    """ANALYZE the models' tables on PostgreSQL after a bulk write. Autovacuum waits until a
    tenth of a table has changed, so a partnership that a big log receives in one import
    would be unknown to the planner for a long time: it would then expect one row where there
    are thousands and choose nested loops that take seconds (measured: the stability query
    for a new 3,500-episode partnership in a 1,000,000-episode table, 1.1 s instead of 10 ms).
    Inside the caller's transaction, so it takes effect (or not) with the write."""
    connection = connections[router.db_for_write(models_[0])]
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(quote(m._meta.db_table) for m in models_)}")

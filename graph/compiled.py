"""Compiled queries: the plan of a query document is worked out once (which fields each
object has, how each is read and each value completed), and every later request for the
same document runs it over the content objects directly: attributes read, resolvers
called, leaves serialised, with none of the executor's per-field bookkeeping.

Whatever a plan does not cover (directives other than `@skip` and `@include`, introspection,
asynchronous resolvers) runs on graphql-core's executor, and so does a request whose plan
meets anything unexpected on the way (an error, a null where the schema promises a value,
the deadline): the executor then runs it again from the start and answers exactly as it
always does, errors and their paths included. Resolvers only read an immutable snapshot,
so running one twice changes nothing."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from enum import Enum
from operator import attrgetter
from typing import Any, NamedTuple, cast

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLUnionType,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_leaf_type,
)
from graphql.execution import MiddlewareManager
from graphql.execution.collect_fields import FieldDetails, collect_fields, collect_subfields
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField

from .context import Deadline
from .execution import BoundedExecutionContext

Trail = tuple[Any, str | int, str | None] | None
"""Where a value is in the answer: (the parent's trail, key or index, type name); made a
graphql-core `Path` only when a resolver's info needs one."""
Completer = Callable[["CompilingExecutionContext", Any, Trail], Any]
"""Completes one value of a field: the executor running the plan, the value, its trail."""

STRAWBERRY_FIELD = "strawberry-definition"  # where Strawberry keeps a field's definition
CONVERSIONS_KEPT = 64  # converted argument sets remembered per field of a plan
# A document with more fields to plan (fragments spread over many types count each time) runs
# on the executor; the kept plans hold this many fields at most (some 100 MB), however many
# large documents clients send.
MAX_PLAN_FIELDS = 5_000
PLANNED_FIELDS_KEPT = 250_000
NO_INFO: Any = None  # what `is_type_of` checks get (one reading it fails: the executor runs)


class Unsupported(Exception):
    """The document asks for something plans do not cover."""


class Fallback(Exception):
    """The plan met something only the executor answers right."""


class CompilingExecutionContext(BoundedExecutionContext):
    """Runs a query's compiled plan when there is one, the executor otherwise."""

    plans: Plans
    deadline: Deadline | None
    arguments: dict[int, Any]  # each field's arguments, worked out once a request

    def execute_operation(self, serially: bool | None = None) -> Any:
        if serially is None and self.operation.operation is OperationType.QUERY and \
                self.abort_signal is None and not _wraps_resolvers(self.middleware_manager):
            plan = self.plans.plan(self)
            if plan is not None:
                self.deadline = getattr(self.context_value, "deadline", None)
                self.arguments = {}
                try:
                    data = plan(self, self.root_value, None)
                except Exception:  # the executor runs it again, within the same deadline,
                    pass  # and answers exactly: errors, their paths, nulls propagated
                else:
                    return self.build_response(data)
        return super().execute_operation(serially)


def _wraps_resolvers(middleware: MiddlewareManager | None) -> bool:
    """Whether middleware (a schema extension's `resolve` hook) wraps every resolver."""
    return middleware is not None and bool(middleware.middlewares)


def compiling(cache_size: int) -> type[CompilingExecutionContext]:
    """An execution context class with its own cache of `cache_size` plans (one a schema)."""
    return type("CompilingExecutionContext", (CompilingExecutionContext,),
                {"plans": Plans(cache_size)})


class Plans:
    """Plans by operation (a parsed document is cached, so a repeated query string is the
    same operation object) and by the values of the variables its `@skip` and `@include`
    read; the `size` most recently used kept, within a budget of planned fields."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._conditions: OrderedDict[int, tuple[OperationDefinitionNode,
                                                 tuple[str, ...] | None]] = OrderedDict()
        self._plans: OrderedDict[tuple[int, tuple[Any, ...]],
                                 tuple[OperationDefinitionNode, Completer | None, int]] = \
            OrderedDict()
        self._planned = 0  # fields held by the kept plans

    def plan(self, executor: CompilingExecutionContext) -> Completer | None:
        """The plan of `executor`'s operation, compiled on first use; None if unsupported."""
        operation = executor.operation
        conditions = self._remembered(self._conditions, id(operation), operation)
        if conditions is None:
            conditions = (operation, _conditions(operation, executor.fragment_definitions))
            self._remember(self._conditions, id(operation), conditions)
        names = conditions[1]
        if names is None:
            return None
        values = executor.variable_values.coerced
        key = (id(operation), tuple(values.get(name) for name in names))
        entry = self._remembered(self._plans, key, operation)
        if entry is not None:
            return entry[1]
        compiler = _Compiler(executor)
        try:
            plan: Completer | None = compiler.operation()
        except Unsupported:
            plan = None
        self._remember(self._plans, key, (operation, plan, compiler.fields if plan else 0))
        return plan

    def _remembered(self, table: OrderedDict[Any, Any], key: Any,
                    operation: OperationDefinitionNode) -> Any:
        with self._lock:
            entry = table.get(key)
            if entry is None or entry[0] is not operation:
                return None
            table.move_to_end(key)
            return entry

    def _remember(self, table: OrderedDict[Any, Any], key: Any, entry: Any) -> None:
        """Keep `entry` (its last item, if a plan, the fields it holds): the `size` most
        recently used entries of a table, and plans of `PLANNED_FIELDS_KEPT` fields at most."""
        plans = table is self._plans
        with self._lock:
            replaced = table.pop(key, None)
            if plans:
                self._planned += entry[2] - (replaced[2] if replaced else 0)
            table[key] = entry
            while len(table) > self.size or (plans and self._planned > PLANNED_FIELDS_KEPT):
                _, dropped = table.popitem(last=False)
                if plans:
                    self._planned -= dropped[2]


class _Compiler:
    """Builds the completers of one operation, as graphql-core's executor would walk it."""

    def __init__(self, executor: CompilingExecutionContext) -> None:
        self.executor = executor
        self.schema = executor.schema
        self.fields = 0  # planned so far: a plan is kept in memory, so it is bounded

    def operation(self) -> Completer:
        executor = self.executor
        root_type = self.schema.query_type
        assert root_type is not None  # a query operation passed validation
        collected = collect_fields(self.schema, executor.fragments, executor.variable_values,
                                   root_type, executor.operation, executor.hide_suggestions)
        return _answer(root_type, self._fields(root_type, collected.grouped_field_set))

    def _value(self, type_: GraphQLOutputType, details: list[FieldDetails], origin: _Origin,
               nullable: bool = True) -> Completer:
        if isinstance(type_, GraphQLNonNull):
            return self._value(type_.of_type, details, origin, nullable=False)
        if isinstance(type_, GraphQLList):
            return _list(self._value(type_.of_type, details, origin), nullable)
        if isinstance(type_, GraphQLEnumType):
            return _leaf(_enum_serializer(type_), nullable)
        if is_leaf_type(type_):
            return _leaf(type_.serialize, nullable)
        if isinstance(type_, GraphQLObjectType):
            return self._object(type_, details, nullable)
        if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType) and \
                type_.resolve_type is not None:
            return _abstract(type_, {possible.name: self._object(possible, details, True)
                                     for possible in self.schema.get_possible_types(type_)},
                             origin, nullable)
        raise Unsupported(f"type {type_}")

    def _object(self, type_: GraphQLObjectType, details: list[FieldDetails],
                nullable: bool) -> Completer:
        collected = collect_subfields(self.schema, self.executor.fragments,
                                      self.executor.variable_values, self.executor.operation,
                                      type_, details, self.executor.hide_suggestions)
        return _object(type_, self._fields(type_, collected.grouped_field_set), nullable)

    def _fields(self, type_: GraphQLObjectType,
                grouped: dict[str, list[FieldDetails]]) -> list[_Field]:
        return [self._field(type_, key, details) for key, details in grouped.items()]

    def _field(self, parent: GraphQLObjectType, key: str,
               details: list[FieldDetails]) -> _Field:
        self.fields += 1
        if self.fields > MAX_PLAN_FIELDS:
            raise Unsupported(f"more than {MAX_PLAN_FIELDS} fields to plan")
        if any(d.defer_usage is not None or d.fragment_variable_values is not None
               for d in details):
            raise Unsupported("deferred fields or fragment variables")
        nodes = [d.node for d in details]
        name = nodes[0].name.value
        if name == "__typename":
            return _Field(key, None, _as_is, read=lambda source: parent.name)
        if name.startswith("__"):
            raise Unsupported("introspection")
        definition = self.schema.get_field(parent, name)
        if definition is None:
            raise Unsupported(f"no field {name}")
        strawberry_field = definition.extensions.get(STRAWBERRY_FIELD)
        if strawberry_field is None or strawberry_field.is_async:
            raise Unsupported(f"field {name} is not a synchronous Strawberry field")
        origin = _Origin(definition, nodes, parent)
        complete = self._value(definition.type, details, origin)
        if getattr(definition.resolve, "_is_default", False) and \
                strawberry_field.default_resolver is getattr:
            return _Field(key, origin, complete, read=attrgetter(strawberry_field.python_name))
        return _Field(key, origin, complete, resolves=True,
                      call=self._direct_call(strawberry_field, definition))

    def _direct_call(self, field: StrawberryField, definition: GraphQLField
                     ) -> _DirectCall | None:
        """Strawberry's resolver wrapper, without the wrapper (its work done once where it
        can be); None where the wrapper does more (field extensions, exception handlers)."""
        strawberry_schema = getattr(self.schema, "_strawberry_schema", None)
        if strawberry_schema is None or field.base_resolver is None or field.extensions or \
                getattr(strawberry_schema.schema_converter, "_exception_handler_specs", True):
            return None
        return _DirectCall(field, definition, strawberry_schema)


class _DirectCall:
    """Calls a field's resolver function as Strawberry's wrapper would: arguments converted
    to their Python types, the parent and an `Info` passed where the function asks for
    them. Arguments of scalar and enum types (immutable values) are converted once for each
    set of values, not on every call."""

    def __init__(self, field: StrawberryField, definition: GraphQLField,
                 strawberry_schema: Any) -> None:
        resolver = field.base_resolver
        assert resolver is not None
        self.field = field
        self.function = cast(Callable[..., Any], resolver.wrapped_func)
        self.takes_self = resolver.self_parameter is not None
        self.parents = [p.name for p in (resolver.parent_parameter, resolver.root_parameter)
                        if p is not None]
        self.info_parameter = resolver.info_parameter.name if resolver.info_parameter \
            else None
        self.registry = strawberry_schema.schema_converter.scalar_registry
        self.config = strawberry_schema.config
        self.stable = all(is_leaf_type(get_named_type(argument.type)) and
                          not isinstance(_nullable(argument.type), GraphQLList)
                          for argument in definition.args.values())
        self.conversions: dict[tuple[tuple[str, Any], ...], dict[str, Any]] = {}

    def __call__(self, source: Any, info: GraphQLResolveInfo, raw: dict[str, Any]) -> Any:
        field = self.field
        strawberry_info = self.config.info_class(_raw_info=info, _field=field) \
            if self.info_parameter or (field.arguments and not self.stable) else None
        if not field.arguments:
            kwargs = {}
        elif self.stable:
            kwargs = dict(self._converted(raw))
        else:
            kwargs = self._convert(raw, strawberry_info)
        for name in self.parents:
            kwargs[name] = source
        if self.info_parameter:
            kwargs[self.info_parameter] = strawberry_info
        return self.function(source, **kwargs) if self.takes_self else self.function(**kwargs)

    def _converted(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Stable arguments converted, remembered for the last few sets of values."""
        key = tuple(raw.items())
        found = self.conversions.get(key)
        if found is None:
            if len(self.conversions) >= CONVERSIONS_KEPT:
                self.conversions.clear()
            found = self.conversions[key] = self._convert(raw, None)
        return found

    def _convert(self, raw: dict[str, Any], info: Any) -> dict[str, Any]:
        return convert_arguments(raw, self.field.arguments, scalar_registry=self.registry,
                                 config=self.config, info=info)


class _Origin(NamedTuple):
    """The field a value is found for: what a resolve info is built from."""

    definition: GraphQLField
    nodes: list[FieldNode]
    parent: GraphQLObjectType


class _Field:
    """One entry of an object's answer: its key, how its value is found and completed.
    A plain attribute is `read`; a field with a resolver `resolves` (with a `call` when its
    resolver function can be called directly)."""

    __slots__ = ("call", "complete", "constant_arguments", "key", "origin", "read",
                 "uses_variables")

    def __init__(self, key: str, origin: _Origin | None, complete: Completer, *,
                 read: Callable[[Any], Any] | None = None, resolves: bool = False,
                 call: _DirectCall | None = None) -> None:
        self.key = key
        self.origin = origin
        self.complete = complete
        self.read = read
        self.call = call
        has_arguments = resolves and origin is not None and \
            bool(origin.definition.args or origin.nodes[0].arguments)
        # Arguments that name no variable are the same in every request: worked out once.
        self.constant_arguments: dict[str, Any] | None = None if has_arguments else {}
        self.uses_variables = origin is not None and _uses_variables(origin.nodes[0])

    def resolve(self, executor: CompilingExecutionContext, source: Any, trail: Trail) -> Any:
        """The value of a field with a resolver, called as the executor calls it."""
        assert self.origin is not None
        definition = self.origin.definition
        assert definition.resolve is not None
        arguments = self.constant_arguments
        if arguments is None:
            arguments = executor.arguments.get(id(self))
            if arguments is None:
                arguments = get_argument_values(definition, self.origin.nodes[0],
                                                executor.variable_values, None,
                                                executor.hide_suggestions)
                if self.uses_variables:
                    executor.arguments[id(self)] = arguments
                else:
                    self.constant_arguments = arguments
        info = _LazyResolveInfo(executor, self.origin, trail)
        if self.call is not None:
            value = self.call(source, info, arguments)  # type: ignore[arg-type]
        else:
            value = definition.resolve(source, info, **arguments)
        if executor.is_awaitable(value):
            getattr(value, "close", lambda: None)()  # never awaited: no warning about it
            raise Fallback
        return value


class _LazyResolveInfo:
    """A resolver's `info`, its context at hand and everything else (the path, say) built
    by the executor the first time it is asked for."""

    __slots__ = ("_built", "_executor", "_origin", "_trail", "context", "field_name")

    def __init__(self, executor: CompilingExecutionContext, origin: _Origin,
                 trail: Trail) -> None:
        self.context = executor.context_value
        self.field_name = origin.nodes[0].name.value
        self._executor = executor
        self._origin = origin
        self._trail = trail
        self._built: GraphQLResolveInfo | None = None

    def __getattr__(self, name: str) -> Any:
        if self._built is None:
            origin = self._origin
            self._built = self._executor.build_resolve_info(
                origin.definition, origin.nodes, origin.parent,
                _path(self._trail))  # type: ignore[arg-type]
        return getattr(self._built, name)


def _uses_variables(node: FieldNode) -> bool:
    pending: list[Any] = [argument.value for argument in node.arguments or ()]
    while pending:
        value = pending.pop()
        if isinstance(value, VariableNode):
            return True
        if isinstance(value, ListValueNode):
            pending += value.values
        elif isinstance(value, ObjectValueNode):
            pending += [entry.value for entry in value.fields]
    return False


def _path(trail: Trail) -> Path | None:
    if trail is None:
        return None
    parent, key, type_name = trail
    return Path(_path(parent), key, type_name)


def _nullable(type_: Any) -> Any:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def _object(type_: GraphQLObjectType, fields: list[_Field], nullable: bool) -> Completer:
    is_type_of = type_.is_type_of
    answer = _answer(type_, fields)

    def complete(executor: CompilingExecutionContext, source: Any, trail: Trail) -> Any:
        if source is None:
            if nullable:
                return None
            raise Fallback
        if is_type_of is not None and not is_type_of(source, NO_INFO):
            raise Fallback
        return answer(executor, source, trail)

    return complete


def _answer(type_: GraphQLObjectType, fields: list[_Field]) -> Completer:
    """The answer for one object of `type_` (the root value included, whatever it is)."""
    name = type_.name

    def answer(executor: CompilingExecutionContext, source: Any, trail: Trail) -> Any:
        entries = {}
        for field in fields:
            here = (trail, field.key, name)
            value = field.read(source) if field.read is not None else \
                field.resolve(executor, source, here)
            entries[field.key] = field.complete(executor, value, here)
        return entries

    return answer


def _abstract(type_: GraphQLInterfaceType | GraphQLUnionType,
              completers: dict[str, Completer], origin: _Origin,
              nullable: bool) -> Completer:
    """Completes a value of an interface or union as the object type it resolves to."""
    resolve_type = type_.resolve_type
    assert resolve_type is not None

    def complete(executor: CompilingExecutionContext, value: Any, trail: Trail) -> Any:
        if value is None:
            if nullable:
                return None
            raise Fallback
        runtime = resolve_type(value, _LazyResolveInfo(executor, origin, trail), type_)  # type: ignore[arg-type]
        if executor.is_awaitable(runtime):
            getattr(runtime, "close", lambda: None)()
            raise Fallback
        found = completers.get(runtime if isinstance(runtime, str) else "")
        if found is None:
            raise Fallback
        return found(executor, value, trail)

    return complete


def _list(item: Completer, nullable: bool) -> Completer:
    def complete(executor: CompilingExecutionContext, values: Any, trail: Trail) -> Any:
        if values is None:
            if nullable:
                return None
            raise Fallback
        if not isinstance(values, list | tuple) and \
                (isinstance(values, str | bytes) or not isinstance(values, Iterable)):
            raise Fallback
        if executor.deadline is not None:
            executor.deadline.check()
        return [item(executor, value, (trail, index, None))
                for index, value in enumerate(values)]

    return complete


def _as_is(executor: CompilingExecutionContext, value: Any, trail: Trail) -> Any:
    return value


def _leaf(serialize: Callable[[Any], Any], nullable: bool) -> Completer:
    def complete(executor: CompilingExecutionContext, value: Any, trail: Trail) -> Any:
        if value is None:
            if nullable:
                return None
            raise Fallback
        serialized = serialize(value)
        if serialized is None or serialized is Undefined:
            raise Fallback
        return serialized

    return complete


def _enum_serializer(type_: GraphQLEnumType) -> Callable[[Any], Any]:
    """The enum's serialisation, looked up by member rather than searched for (Strawberry's
    enum type compares the value with each of the enum's values in turn)."""
    names: dict[Any, str] = {}
    for name, value in type_.values.items():
        names.setdefault(value.value, name)
    serialize = type_.serialize

    def serialized(value: Any) -> Any:
        key = value.value if isinstance(value, Enum) else None
        found = names.get(key) if key is not None else None
        return found if found is not None else serialize(value)

    return serialized


def _conditions(operation: OperationDefinitionNode,
                fragments: dict[str, Any]) -> tuple[str, ...] | None:
    """The variables the operation's `@skip` and `@include` read (the fields a plan holds
    depend on their values), in a fixed order; None when it carries any other directive."""
    if operation.directives or any(fragment.directives for fragment in fragments.values()):
        return None
    names: set[str] = set()
    pending: list[SelectionSetNode | None] = [operation.selection_set]
    pending += [fragment.selection_set for fragment in fragments.values()]
    while pending:
        selection_set = pending.pop()
        if selection_set is None:
            continue
        for selection in selection_set.selections:
            for directive in selection.directives or ():
                if directive.name.value not in ("skip", "include"):
                    return None
                names.update(argument.value.name.value for argument in directive.arguments or ()
                             if isinstance(argument.value, VariableNode))
            if isinstance(selection, FieldNode | InlineFragmentNode):
                pending.append(selection.selection_set)
            elif not isinstance(selection, FragmentSpreadNode):
                return None  # a kind of selection this module does not know
    return tuple(sorted(names))

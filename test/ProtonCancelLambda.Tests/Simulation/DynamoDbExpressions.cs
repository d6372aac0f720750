using System.Globalization;
using ProtonCancelLambda.Aws.DynamoDb;

namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>
/// DynamoDB's expression grammar, only as far as the idempotency record uses it: conditions with
/// attribute_exists / attribute_not_exists, = &lt; &lt;= &gt; &gt;=, NOT, AND, OR and parentheses (not &lt;&gt;,
/// whose meaning on a missing attribute the simulation does not claim to know); updates with
/// <c>SET a = :v, ...</c>, <c>REMOVE a, ...</c> and <c>ADD n :number, ...</c>; names bare or as #placeholders, values as :placeholders.
/// Anything else throws <see cref="NotSupportedException"/>: a future expression is refused, never guessed at.
/// As DynamoDB does, a placeholder that is defined but unused, or used but undefined, is a ValidationException.
/// </summary>
internal sealed class DynamoDbExpressions
{
    private readonly IReadOnlyDictionary<string, string> _names;
    private readonly IReadOnlyDictionary<string, DynamoDbValue> _values;
    private readonly HashSet<string> _used = [];

    public DynamoDbExpressions(IReadOnlyDictionary<string, string>? names, IReadOnlyDictionary<string, DynamoDbValue>? values)
    {
        _names = names ?? new Dictionary<string, string>();
        _values = values ?? new Dictionary<string, DynamoDbValue>();
    }

    /// <summary>Whether the item (null when absent) meets the condition; a null condition always holds.</summary>
    public bool Holds(string? condition, IReadOnlyDictionary<string, DynamoDbValue>? item)
    {
        if (condition is null)
        {
            return true;
        }

        var parser = new Parser(Tokenize(condition), condition);
        var result = Or(parser, item);
        parser.ExpectEnd();
        return result;
    }

    /// <summary>Applies <c>SET</c>, <c>REMOVE</c> and (numbers only) <c>ADD</c> clauses to <paramref name="item"/>.</summary>
    public void Apply(string update, Dictionary<string, DynamoDbValue> item, string keyName)
    {
        var parser = new Parser(Tokenize(update), update);
        var clauses = 0;
        while (!parser.AtEnd)
        {
            var clause = parser.Next();
            clauses++;
            do
            {
                var name = Name(parser.Next(), update);
                if (name == keyName)
                {
                    throw Validation($"cannot update attribute {name}: it is part of the key");
                }

                if (clause.Equals("SET", StringComparison.OrdinalIgnoreCase))
                {
                    parser.Expect("=");
                    item[name] = Value(parser.Next(), update);
                }
                else if (clause.Equals("REMOVE", StringComparison.OrdinalIgnoreCase))
                {
                    item.Remove(name);
                }
                else if (clause.Equals("ADD", StringComparison.OrdinalIgnoreCase))
                {
                    // As DynamoDB does: a missing attribute counts as 0; anything but a number is refused.
                    var addend = Value(parser.Next(), update).AsNumber() ?? throw Validation($"ADD {name} takes a number");
                    var current = item.TryGetValue(name, out var existing) ? existing.AsNumber() ?? throw Validation($"ADD {name}: the attribute is not a number") : 0;
                    item[name] = DynamoDbValue.Number(current + addend);
                }
                else
                {
                    throw new NotSupportedException($"Update clause '{clause}' in '{update}' is not simulated.");
                }
            }
            while (parser.TryTake(","));
        }

        if (clauses == 0)
        {
            throw Validation("the update expression is empty");
        }
    }

    /// <summary>DynamoDB refuses placeholders that no expression uses.</summary>
    public void EnsureAllUsed()
    {
        foreach (var key in _names.Keys.Concat(_values.Keys).Where(key => !_used.Contains(key)))
        {
            throw Validation($"Value provided in ExpressionAttribute{(key.StartsWith('#') ? "Names" : "Values")} unused in expressions: keys: {{{key}}}");
        }
    }

    private bool Or(Parser parser, IReadOnlyDictionary<string, DynamoDbValue>? item)
    {
        var result = And(parser, item);
        while (parser.TryTake("OR"))
        {
            result |= And(parser, item);
        }

        return result;
    }

    private bool And(Parser parser, IReadOnlyDictionary<string, DynamoDbValue>? item)
    {
        var result = Term(parser, item);
        while (parser.TryTake("AND"))
        {
            result &= Term(parser, item);
        }

        return result;
    }

    private bool Term(Parser parser, IReadOnlyDictionary<string, DynamoDbValue>? item)
    {
        // NOT binds tighter than AND and OR, as in DynamoDB.
        if (parser.TryTake("NOT"))
        {
            return !Term(parser, item);
        }

        if (parser.TryTake("("))
        {
            var inner = Or(parser, item);
            parser.Expect(")");
            return inner;
        }

        var first = parser.Next();
        if (first is "attribute_exists" or "attribute_not_exists")
        {
            parser.Expect("(");
            var name = Name(parser.Next(), parser.Text);
            var exists = item?.ContainsKey(name) == true;
            parser.Expect(")");
            return first == "attribute_exists" ? exists : !exists;
        }

        var left = Operand(first, item, parser.Text);
        var op = parser.Next();
        if (op is not ("=" or "<" or "<=" or ">" or ">="))
        {
            throw new NotSupportedException($"Comparison '{op}' in '{parser.Text}' is not simulated.");
        }

        var right = Operand(parser.Next(), item, parser.Text);

        return left is not null && right is not null && Compare(left, right) is { } order && op switch
        {
            "=" => order == 0,
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        };
    }

    private DynamoDbValue? Operand(string token, IReadOnlyDictionary<string, DynamoDbValue>? item, string text)
    {
        if (token.StartsWith(':'))
        {
            return Value(token, text);
        }

        var name = Name(token, text);
        return item?.GetValueOrDefault(name);
    }

    private string Name(string token, string text)
    {
        if (token.StartsWith('#'))
        {
            _used.Add(token);
            return _names.TryGetValue(token, out var name) ? name : throw Validation($"An expression attribute name used in the document path is not defined; attribute name: {token}");
        }

        return IsIdentifier(token) ? token : throw new NotSupportedException($"'{token}' in '{text}' is not an attribute name the simulation reads.");
    }

    private DynamoDbValue Value(string token, string text)
    {
        if (!token.StartsWith(':'))
        {
            throw new NotSupportedException($"'{token}' in '{text}' is not a :value placeholder; the simulation sets attributes only to values.");
        }

        _used.Add(token);
        return _values.TryGetValue(token, out var value) ? value : throw Validation($"An expression attribute value used in expression is not defined; attribute value: {token}");
    }

    /// <summary>Numbers compare as numbers, strings by code point; different or other types never compare (the condition is false).</summary>
    private static int? Compare(DynamoDbValue left, DynamoDbValue right) =>
        (left, right) switch
        {
            ({ N: { } a }, { N: { } b }) => decimal.Parse(a, CultureInfo.InvariantCulture).CompareTo(decimal.Parse(b, CultureInfo.InvariantCulture)),
            ({ S: { } a }, { S: { } b }) => string.CompareOrdinal(a, b),
            _ => null,
        };

    private static bool IsIdentifier(string token) =>
        token.ToUpperInvariant() is not ("AND" or "OR" or "NOT" or "BETWEEN" or "IN" or "SET" or "REMOVE" or "ADD" or "DELETE")
        && token.Length > 0 && (char.IsAsciiLetter(token[0]) || token[0] == '_') && token.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static DynamoDbException Validation(string message) => new("ValidationException", message, 400, isRetryable: false);

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',' or '=')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '<' or '>')
            {
                var two = i + 1 < text.Length && (text[i + 1] == '=' || (c == '<' && text[i + 1] == '>'));
                tokens.Add(text.Substring(i, two ? 2 : 1));
                i += two ? 2 : 1;
            }
            else if (c is '#' or ':' or '_' || char.IsAsciiLetterOrDigit(c))
            {
                var start = i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else
            {
                throw new NotSupportedException($"'{c}' in '{text}' is not simulated.");
            }
        }

        return tokens;
    }

    private sealed class Parser(List<string> tokens, string text)
    {
        private int _next;

        public string Text { get; } = text;

        public bool AtEnd => _next >= tokens.Count;

        public string Next() => _next < tokens.Count ? tokens[_next++] : throw new NotSupportedException($"'{Text}' ends early.");

        public bool TryTake(string token)
        {
            if (_next < tokens.Count && tokens[_next].Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                _next++;
                return true;
            }

            return false;
        }

        public void Expect(string token)
        {
            if (!TryTake(token))
            {
                throw new NotSupportedException($"Expected '{token}' at token {_next} of '{Text}'.");
            }
        }

        public void ExpectEnd()
        {
            if (!AtEnd)
            {
                throw new NotSupportedException($"'{tokens[_next]}' at token {_next} of '{Text}' is not simulated.");
            }
        }
    }
}

namespace Workbench.Metrics;

/// <summary>
/// Entity-level precision, recall and F1 for BIO tagging (conlleval's rule): an entity counts as found only
/// when its type and both boundaries match exactly. A stray I-X after O or after another type starts a new
/// entity, as conlleval does. Untyped tags ("B", "I") are chunks of the empty type.
/// </summary>
public static class EntityF1
{
    public sealed record Entity(string Type, int Start, int End);   // End exclusive

    public sealed record Result(double Precision, double Recall, double F1, int Predicted, int Gold, int Correct,
        IReadOnlyDictionary<string, (double Precision, double Recall, double F1, int Gold)> PerType);

    public static Result Compute(IReadOnlyList<IReadOnlyList<string>> predicted, IReadOnlyList<IReadOnlyList<string>> gold)
    {
        if (predicted.Count != gold.Count) throw new ArgumentException($"entity F1: {predicted.Count} predicted sentences but {gold.Count} gold ones.");
        var pAll = new List<(int, Entity)>(); var gAll = new List<(int, Entity)>();
        for (int s = 0; s < gold.Count; s++)
        {
            if (predicted[s].Count != gold[s].Count)
                throw new ArgumentException($"entity F1: sentence {s} has {predicted[s].Count} predicted tags but {gold[s].Count} gold tags.");
            pAll.AddRange(Spans(predicted[s]).Select(e => (s, e)));
            gAll.AddRange(Spans(gold[s]).Select(e => (s, e)));
        }
        var goldSet = gAll.ToHashSet();
        int correct = pAll.Count(goldSet.Contains);
        var per = new Dictionary<string, (double, double, double, int)>();
        foreach (var type in gAll.Concat(pAll).Select(x => x.Item2.Type).Distinct().Order())
        {
            int pc = pAll.Count(x => x.Item2.Type == type), gc = gAll.Count(x => x.Item2.Type == type);
            int cc = pAll.Count(x => x.Item2.Type == type && goldSet.Contains(x));
            var (p, r, f) = Prf(cc, pc, gc);
            per[type] = (p, r, f, gc);
        }
        var (pr, rc, f1) = Prf(correct, pAll.Count, gAll.Count);
        return new Result(pr, rc, f1, pAll.Count, gAll.Count, correct, per);
    }

    static (double, double, double) Prf(int correct, int predicted, int gold)
    {
        double p = predicted == 0 ? 0 : (double)correct / predicted, r = gold == 0 ? 0 : (double)correct / gold;
        return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
    }

    /// <summary>Entities of one tag sequence.</summary>
    public static List<Entity> Spans(IReadOnlyList<string> tags)
    {
        var list = new List<Entity>();
        string? type = null; int start = 0;
        for (int i = 0; i <= tags.Count; i++)
        {
            string tag = i < tags.Count ? tags[i] : "O";
            bool typed = tag.Length >= 2 && tag[1] == '-';
            string prefix = typed ? tag[..1] : tag;
            string t = typed ? tag[2..] : "";   // no type ("B", "I", "B-"): the empty type, as conlleval reads it
            if (prefix is not ("B" or "I" or "O"))
                throw new ArgumentException($"entity F1: tag '{tag}' at position {i} is not O, B-TYPE or I-TYPE.");
            bool continues = prefix == "I" && t == type;
            if (type is not null && !continues) { list.Add(new Entity(type, start, i)); type = null; }
            if (prefix == "B" || (prefix == "I" && !continues)) { type = t; start = i; }
        }
        return list;
    }
}

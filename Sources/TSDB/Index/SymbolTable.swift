import VigilCore

/// Interns label names and values so every series holding a string shares one copy.
///
/// Strings longer than 15 UTF-8 bytes are heap-allocated in Swift; a scrape re-creates them on
/// every sample, and interning lets the head keep one instance per distinct string.
struct SymbolTable: Sendable {
    private var strings: Set<String> = []

    var count: Int { strings.count }

    /// The canonical instance equal to `string`, inserting it when new.
    mutating func intern(_ string: String) -> String {
        strings.insert(string).memberAfterInsert
    }

    /// `labels` rebuilt from canonical instances.
    mutating func intern(_ labels: Labels) -> Labels {
        Labels(sortedUnchecked: labels.pairs.map { Label(intern($0.name), intern($0.value)) })
    }

    /// Drops strings no longer referenced by `live` label sets.
    mutating func rebuild<S: Sequence>(keeping live: S) where S.Element == Labels {
        var kept: Set<String> = []
        for labels in live {
            for pair in labels.pairs {
                kept.insert(pair.name)
                kept.insert(pair.value)
            }
        }
        strings = kept
    }
}

import Testing
@testable import PromQL

/// `GroupSlots` finds each group's slot by hash, through equal hashes and table growth.
struct GroupSlotsTests {
    @Test(arguments: [1, 7, 5_000])
    func findsEverySlot(distinctHashes: Int) {
        var slots = GroupSlots(capacity: 4)
        // Group g has hash g % distinctHashes: many groups share a hash when there are few.
        var groupOfSlot: [Int] = []
        for group in 0..<3_000 {
            let hash = (group % distinctHashes) &* -7_046_029_254_386_353_131
            #expect(slots.find(hash) { groupOfSlot[$0] == group } == nil)
            #expect(slots.insert(hash) == group)
            groupOfSlot.append(group)
        }
        for group in stride(from: 0, to: 3_000, by: 37) {
            let hash = (group % distinctHashes) &* -7_046_029_254_386_353_131
            #expect(slots.find(hash) { groupOfSlot[$0] == group } == group)
        }
        #expect(slots.find(123_456_789) { _ in true } == nil)
    }
}

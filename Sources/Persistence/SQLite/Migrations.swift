import GRDB

extension DatabaseMigrator {
    /// Vigil's SQLite schema history. A shipped migration is never edited: add the next one.
    static var vigil: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 silences") { db in
            try db.create(table: "silence") { t in
                t.primaryKey("id", .text)
                t.column("matchers", .jsonText).notNull()
                t.column("startsAt", .double).notNull()
                t.column("endsAt", .double).notNull().indexed()
                t.column("updatedAt", .double).notNull()
                t.column("createdBy", .text).notNull()
                t.column("comment", .text).notNull()
                t.check(sql: "endsAt >= startsAt")
            }
        }
        migrator.registerMigration("v1 notification log and outbox") { db in
            try db.create(table: "nflog") { t in
                t.column("groupKey", .text).notNull()
                t.column("integration", .text).notNull()
                t.column("firing", .jsonText).notNull()
                t.column("resolved", .jsonText).notNull()
                t.column("timestamp", .double).notNull()
                t.primaryKey(["groupKey", "integration"])
            }
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("integration", .text).notNull()
                t.column("groupKey", .text).notNull()
                t.column("data", .jsonText).notNull()
                t.column("createdAt", .double).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("nextAttemptAt", .double).notNull()
                t.column("state", .text).notNull().indexed()
                    .check(sql: "state IN ('pending', 'delivered', 'failed')")
                t.column("lastError", .text)
                t.column("fallbackOf", .integer)
                t.column("fellBack", .boolean).notNull().defaults(to: false)
            }
            try db.create(table: "notificationAttempt") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("outboxID", .integer).notNull().indexed()
                t.column("receiver", .text).notNull()
                t.column("integration", .text).notNull()
                t.column("groupKey", .text).notNull()
                t.column("alerts", .jsonText).notNull()
                t.column("payloadHash", .text).notNull()
                t.column("attempt", .integer).notNull()
                t.column("at", .double).notNull().indexed()
                t.column("latencySeconds", .double).notNull()
                t.column("success", .boolean).notNull()
                t.column("error", .text)
            }
        }
        return migrator
    }
}

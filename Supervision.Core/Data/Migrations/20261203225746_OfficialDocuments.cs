using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Supervision.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class OfficialDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Lagging",
                table: "Bulletins",
                newName: "Progress");

            migrationBuilder.AddColumn<string>(
                name: "CopyTo",
                table: "Bulletins",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            // 催办单 numbers used to be counted at download (催办〔year〕N号: the N-th 催办 of the China-time year by id);
            // they are now given once and stored. Existing 催办 keep the numbers their forms already showed, get the
            // reply date the form now states (the default three days), and the year's counter continues after them.
            migrationBuilder.Sql("""
                UPDATE ChaseRecords
                SET Number = '催办〔' || strftime('%Y', At, '+8 hours') || '〕' ||
                        (SELECT COUNT(*) FROM ChaseRecords AS c
                         WHERE c.Level = 1
                           AND strftime('%Y', c.At, '+8 hours') = strftime('%Y', ChaseRecords.At, '+8 hours')
                           AND c.Id <= ChaseRecords.Id) || '号',
                    Deadline = COALESCE(Deadline, date(At, '+8 hours', '+3 days'))
                WHERE Level = 1 AND Number IS NULL;
                """);
            migrationBuilder.Sql("""
                INSERT INTO NumberSequences (Key, Last)
                SELECT 'CB-' || strftime('%Y', At, '+8 hours'), COUNT(*) FROM ChaseRecords WHERE Level = 1
                GROUP BY strftime('%Y', At, '+8 hours')
                ON CONFLICT(Key) DO UPDATE SET Last = MAX(Last, excluded.Last);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CopyTo",
                table: "Bulletins");

            migrationBuilder.RenameColumn(
                name: "Progress",
                table: "Bulletins",
                newName: "Lagging");
        }
    }
}

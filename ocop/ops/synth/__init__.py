"""Synthetic national-scale data: `ocop synth --scale 1|10` (README, "Dữ liệu tổng hợp (synth)").

Phases (one transaction; each phase has its own seeded random stream):

    rounds        rating rounds of every province (2 a year) and of the central level, councils of
                  3–7 scoring members and a secretary, the experts as users with council roles
    producers     producers over every current commune (synth.producers)
    products      products and their rating stories (synth.products)
    rating        dossiers, commune reviews, advisory reports, declarations, score sheets valid for
                  the product's criteria set, results computed by ocop.criteria.scoring (synth.rating);
                  per province, in forked processes on PostgreSQL
    certificates  decisions numbered per issuer, certificates, what each product shows (standing)
    cycle, program, promotion

Writing: synth.writer (COPY on PostgreSQL; ids chosen by the generator; indexes and unique
constraints rebuilt once after the load; foreign-key triggers off for the load when the role may,
then every key checked with one anti-join per foreign key). Elsewhere bulk_create in batches.

Measured on the shared 2-core machine of issue 8 (load average 9–13 from other work during every
run, so wall times are several times what an idle machine gives):

    ×1  (24,000 products, 30,000 dossiers, 133,000 sheets)      80–95 s wall, 15–19 s Python CPU
    ×10 (240,000 products, 300,000 dossiers, 1.33 M sheets)     578 s wall, 167 s Python CPU
        (phases: producers 18 s, products 49 s, rating 400 s, certificates 18 s, cycle 20 s,
        programme 2 s, promotion 9 s, index rebuild + key check + commit 52 s, ANALYZE 10 s;
        it now ends with VACUUM ANALYZE, so that counts can use index-only scans at once;
        the first version, one process and indexes kept during the load: 1,108 s)
"""

// SPDX-License-Identifier: GPL-2.0
//
// gimple_hash.cc - see gimple_hash.h.
#include "gimple_hash.h"

#include "kpatch/fp_normalize.h"
#include "tree_hash.h"

#include <unordered_map>

namespace kpatch::plugin {
namespace {

enum Tag : uint8_t { kBlock = 1, kPhi, kStmt, kAsm, kBugLine, kSucc, kExit, kParams };

class GimpleHasher {
public:
    GimpleHasher(function *fn) : fn_(fn), trees_(h_) {}

    uint64_t run(std::string *tokens)
    {
        params();
        basic_block bb;
        unsigned n = 0;
        FOR_EACH_BB_FN (bb, fn_)
            order_[bb->index] = n++;
        FOR_EACH_BB_FN (bb, fn_)
            block(bb);
        if (tokens)
            *tokens = h_.bytes();
        return h_.finish();
    }

private:
    void params()
    {
        h_.tag(kParams);
        for (tree p = DECL_ARGUMENTS(fn_->decl); p; p = DECL_CHAIN(p))
            trees_.operand(p);
        trees_.type(TREE_TYPE(TREE_TYPE(fn_->decl)));
    }

    void block(basic_block bb)
    {
        h_.tag(kBlock);
        for (gphi_iterator gsi = gsi_start_phis(bb); !gsi_end_p(gsi); gsi_next(&gsi))
            phi(gsi.phi());
        for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi))
            stmt(gsi_stmt(gsi));
        edge e;
        edge_iterator ei;
        FOR_EACH_EDGE (e, ei, bb->succs) {
            if (e->dest == EXIT_BLOCK_PTR_FOR_FN(fn_)) {
                h_.tag(kExit);
            } else {
                h_.tag(kSucc);
                h_.u64(order_[e->dest->index]);
            }
            h_.u64(e->flags & (EDGE_TRUE_VALUE | EDGE_FALSE_VALUE | EDGE_ABNORMAL | EDGE_EH));
        }
    }

    void phi(gphi *p)
    {
        tree result = gimple_phi_result(p);
        if (virtual_operand_p(result))
            return;  // memory SSA: derived, numbered by GCC
        h_.tag(kPhi);
        trees_.operand(result);
        for (unsigned i = 0; i < gimple_phi_num_args(p); i++) {
            trees_.operand(gimple_phi_arg_def(p, i));
            h_.u64(order_[gimple_phi_arg_edge(p, i)->src->index]);
        }
    }

    void stmt(gimple *g)
    {
        if (is_gimple_debug(g) || gimple_code(g) == GIMPLE_NOP)
            return;
        if (gasm *a = dyn_cast<gasm *>(g)) {
            asm_stmt(a);
            return;
        }
        h_.tag(kStmt);
        h_.u64(gimple_code(g));
        if (is_gimple_assign(g))
            h_.u64(gimple_assign_rhs_code(g));
        else if (gimple_code(g) == GIMPLE_COND)
            h_.u64(gimple_cond_code(g));
        else if (is_gimple_call(g))
            h_.i64(gimple_call_internal_p(g) ? gimple_call_internal_fn(g) : -1);
        h_.u64(gimple_num_ops(g));
        for (unsigned i = 0; i < gimple_num_ops(g); i++)
            trees_.operand(gimple_op(g, i));
    }

    // Like stmt(), but the __bug_table line operand is left out.
    void asm_stmt(gasm *a)
    {
        h_.tag(kAsm);
        const char *tmpl = gimple_asm_string(a);
        h_.str(tmpl);
        h_.u64(gimple_asm_volatile_p(a));
        unsigned outputs = gimple_asm_noutputs(a);
        auto bug_line = fp::bug_line_operand(tmpl);
        h_.u64(outputs);
        for (unsigned i = 0; i < outputs; i++)
            list_item(gimple_asm_output_op(a, i));
        h_.u64(gimple_asm_ninputs(a));
        for (unsigned i = 0; i < gimple_asm_ninputs(a); i++) {
            tree op = gimple_asm_input_op(a, i);
            if (bug_line && *bug_line == outputs + i) {
                h_.tag(kBugLine);
                trees_.operand(TREE_PURPOSE(op));
            } else {
                list_item(op);
            }
        }
        h_.u64(gimple_asm_nclobbers(a));
        for (unsigned i = 0; i < gimple_asm_nclobbers(a); i++)
            trees_.operand(TREE_VALUE(gimple_asm_clobber_op(a, i)));
        h_.u64(gimple_asm_nlabels(a));
        for (unsigned i = 0; i < gimple_asm_nlabels(a); i++)
            trees_.operand(TREE_VALUE(gimple_asm_label_op(a, i)));
    }

    // One operand of an asm: its TREE_CHAIN may still link the following
    // operands, which must not be hashed as part of this one.
    void list_item(const_tree op)
    {
        trees_.operand(TREE_PURPOSE(op));
        trees_.operand(TREE_VALUE(op));
    }

    function *fn_;
    fp::Hasher h_;
    TreeHasher trees_;
    std::unordered_map<int, unsigned> order_;
};

}  // namespace

uint64_t hash_gimple_body(function *fn, std::string *tokens)
{
    return GimpleHasher(fn).run(tokens);
}

}  // namespace kpatch::plugin
